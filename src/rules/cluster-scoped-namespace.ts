import { isClusterScoped } from '../k8s/manifest';
import { example, objectRule } from '../engine/rule';

export const clusterScopedNamespace = objectRule({
  id: 'cluster-scoped-namespace',
  pack: 'objects',
  title: 'Cluster-scoped objects carry no namespace',
  severity: 'warning',
  pattern: null,
  description: 'A namespace on a cluster-scoped object (a Namespace, a ClusterRole) means nothing to the API server and misleads readers and tools; cdk8s Charts add one to every object they hold.',
  scope: 'cluster-scoped kinds (Namespace, PersistentVolume, StorageClass, …, and every Cluster* kind such as ClusterRole or ClusterPolicy)',
  remediation: 'Remove metadata.namespace (put cluster-scoped objects in a Chart without a namespace; QuotaNamespace does this for its Namespace).',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: { name: shop-node-reader, namespace: shop }  # a ClusterRole lives in no namespace
      rules:
        - { apiGroups: [""], resources: [nodes], verbs: [get, list, watch] }
    `],
    compliant: [example`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: { name: shop-node-reader }
      rules:
        - { apiGroups: [""], resources: [nodes], verbs: [get, list, watch] }
    `],
  },
  admission: {
    gate: 'synth-and-ci',
    reason: 'a namespace on a cluster-scoped object is a mistake in the manifest; the API server drops it, so admission never sees one',
  },
  check: (obj) => (isClusterScoped(obj.kind) && obj.metadata?.namespace !== undefined
    ? [{ path: ['metadata', 'namespace'], message: `${obj.kind} is cluster-scoped but names namespace ${JSON.stringify(obj.metadata.namespace)}` }]
    : []),
});
