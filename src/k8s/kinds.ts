/**
 * What kinds are, as data that grows: which are cluster-scoped (a namespace on them means
 * nothing), and which YAML documents with an apiVersion and a kind are not objects for a cluster
 * at all (build and tool configurations). Add a kind here, not in a rule.
 */

/**
 * Cluster-scoped kinds: Kubernetes 1.28's own (every group served by the API server), then the
 * common custom resources (Gateway API, cert-manager, Argo, Flux, Istio, Kyverno, Gatekeeper,
 * Crossplane, Karpenter, Cilium, Calico, External Secrets, Knative). By kind, as manifests name them.
 */
const CLUSTER_SCOPED_KINDS: ReadonlyArray<{ readonly source: string; readonly kinds: readonly string[] }> = [
  {
    source: 'Kubernetes 1.28',
    kinds: [
      'Namespace', 'Node', 'PersistentVolume', 'ComponentStatus', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
      'APIService', 'StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'PriorityClass', 'IngressClass', 'RuntimeClass',
      'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
      'CertificateSigningRequest', 'ClusterTrustBundle', 'FlowSchema', 'PriorityLevelConfiguration', 'IPAddress', 'ClusterCIDR',
      'ResourceClass', 'TokenReview', 'SubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SelfSubjectReview',
      'PodSecurityPolicy',
    ],
  },
  { source: 'Gateway API', kinds: ['GatewayClass'] },
  { source: 'cert-manager', kinds: ['ClusterIssuer'] },
  { source: 'Argo', kinds: ['ClusterWorkflowTemplate', 'ClusterAnalysisTemplate'] },
  { source: 'Kyverno and Gatekeeper', kinds: ['ClusterPolicy', 'ClusterCleanupPolicy', 'ClusterPolicyReport', 'ConstraintTemplate'] },
  { source: 'Crossplane', kinds: ['Provider', 'ProviderConfig', 'Composition', 'CompositeResourceDefinition', 'Configuration', 'Function', 'DeploymentRuntimeConfig'] },
  { source: 'Karpenter', kinds: ['NodePool', 'NodeClaim', 'EC2NodeClass', 'AKSNodeClass'] },
  { source: 'Cilium and Calico', kinds: ['CiliumClusterwideNetworkPolicy', 'CiliumNode', 'CiliumIdentity', 'GlobalNetworkPolicy', 'GlobalNetworkSet', 'IPPool'] },
  { source: 'External Secrets', kinds: ['ClusterSecretStore', 'ClusterExternalSecret'] },
  { source: 'Knative', kinds: ['ClusterDomainClaim'] },
];

const CLUSTER_SCOPED = new Set(CLUSTER_SCOPED_KINDS.flatMap((g) => g.kinds));

/**
 * Whether a kind is cluster-scoped: one of the list above, or a custom kind named by the
 * `Cluster*` convention (ClusterPolicy, ClusterSecretStore), which a manifest alone cannot tell.
 */
export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind) || /^Cluster[A-Z]/.test(kind);
}

/** YAML with an apiVersion and a kind that configures a tool rather than a cluster. */
const NOT_CLUSTER_OBJECTS: ReadonlyArray<{ readonly apiVersion: RegExp; readonly kind?: RegExp; readonly what: string }> = [
  { apiVersion: /(^|\.)config\.k8s\.io\//, what: 'a build or component configuration (kustomize, kubelet, kube-proxy, …)' },
  { apiVersion: /^builtin$/, what: 'a kustomize builtin generator or transformer' },
  { apiVersion: /^kind\.x-k8s\.io\//, what: 'a configuration of kind (Kubernetes in Docker)' },
  { apiVersion: /^k3d\.io\//, what: 'a configuration of k3d' },
  { apiVersion: /^kubeadm\.k8s\.io\//, what: 'a kubeadm configuration' },
  { apiVersion: /^skaffold\//, what: 'a Skaffold configuration' },
  { apiVersion: /^ctlptl\.dev\//, what: 'a ctlptl configuration' },
  { apiVersion: /^clusterctl\.cluster\.x-k8s\.io\//, what: 'a clusterctl configuration' },
  { apiVersion: /^v1$/, kind: /^Config$/, what: 'a kubeconfig file' },
];

/** Annotations that mark a KRM function's configuration (read by kustomize, not applied). */
const FUNCTION_ANNOTATIONS = ['config.kubernetes.io/function', 'config.k8s.io/function'];

/** Why a document with an apiVersion and a kind is not an object for a cluster, if it is not. */
export function notClusterObject(obj: { apiVersion: string; kind: string; metadata?: { annotations?: Record<string, unknown> } }):
  string | undefined {
  const match = NOT_CLUSTER_OBJECTS.find((c) => c.apiVersion.test(obj.apiVersion) && (!c.kind || c.kind.test(obj.kind)));
  if (match) return `${obj.kind} (${obj.apiVersion}) is ${match.what}, not an object for a cluster`;
  const annotations = obj.metadata?.annotations;
  if (annotations && typeof annotations === 'object' && FUNCTION_ANNOTATIONS.some((a) => Object.prototype.hasOwnProperty.call(annotations, a))) {
    return `${obj.kind} is the configuration of a KRM function, not an object for a cluster`;
  }
  return undefined;
}
