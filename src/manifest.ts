/**
 * The plain-JSON view of Kubernetes objects that every rule reads: whatever made an
 * object (a construct, a raw ApiObject, Included YAML, a file on disk), rules see this.
 */

export type PathSegment = string | number;
/** A field path as segments, e.g. `['spec', 'template', 'spec', 'containers', 0, 'image']`. */
export type FieldPath = readonly PathSegment[];

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: any;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  [key: string]: any;
}

/**
 * `spec.template.spec.containers[0].image`; keys that are not plain words are quoted, as in
 * `metadata.annotations["cdk8s-prod.io/suppress.cpu-limit"]`, so a path reads back unambiguously.
 */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (!/^[A-Za-z_$][\w-]*$/.test(seg)) out += `[${JSON.stringify(seg)}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

export function isRecord(x: unknown): x is Record<string, any> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Kinds whose objects run pods; the field path of the pod template differs per kind. */
// A Map, not an object: a kind such as "constructor" must not find Object.prototype's members.
const POD_SPEC_PATHS = new Map<string, FieldPath>(Object.entries({
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
}));

export const WORKLOAD_KINDS = [...POD_SPEC_PATHS.keys()];

/** Workloads whose pods are meant to run until replaced (probes, replicas and spreading apply). */
export const LONG_RUNNING_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Pod'];

/** Workloads whose replica count is a field of their spec. */
export const REPLICATED_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];

/** Kinds that are not namespaced (a namespace on them is meaningless). */
export const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'StorageClass', 'PriorityClass', 'IngressClass', 'RuntimeClass', 'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'APIService', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'ClusterIssuer', 'PodSecurityPolicy',
  'FlowSchema', 'PriorityLevelConfiguration', 'CertificateSigningRequest', 'ComponentStatus',
  'RuntimeClass', 'ClusterTrustBundle', 'IPAddress', 'ResourceClass',
]);

/**
 * Whether a kind is cluster-scoped. Custom kinds cannot be known from a manifest alone; the
 * `Cluster*` naming convention (ClusterPolicy, ClusterSecretStore, ClusterIssuer) covers most.
 */
export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind) || /^Cluster[A-Z]/.test(kind);
}

export function isWorkload(obj: K8sObject): boolean {
  return POD_SPEC_PATHS.has(obj.kind) && obj.apiVersion !== undefined;
}

export function isLongRunning(obj: K8sObject): boolean {
  return LONG_RUNNING_KINDS.includes(obj.kind);
}

export function getIn(obj: unknown, path: FieldPath): any {
  let cur: any = obj;
  for (const seg of path) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    cur = cur[seg as any];
  }
  return cur;
}

/** The pod template of a workload: its spec, where it is, and the labels its pods carry. */
export interface PodTemplate {
  readonly spec: Record<string, any>;
  readonly specPath: FieldPath;
  /** Labels of the pods (the template's, or the Pod's own). */
  readonly labels: Record<string, string>;
  /** Path of the pod metadata (`spec.template.metadata`, or `metadata` for a Pod). */
  readonly metadataPath: FieldPath;
}

export function podTemplateOf(obj: K8sObject): PodTemplate | undefined {
  const specPath = POD_SPEC_PATHS.get(obj.kind);
  if (!specPath) return undefined;
  const spec = getIn(obj, specPath);
  if (!isRecord(spec)) return undefined;
  const metadataPath = obj.kind === 'Pod' ? ['metadata'] : [...specPath.slice(0, -1), 'metadata'];
  const meta = getIn(obj, metadataPath);
  const labels = isRecord(meta) && isRecord(meta.labels) ? meta.labels : {};
  return { spec, specPath, labels, metadataPath };
}

export type ContainerRole = 'container' | 'initContainer' | 'sidecar';

export interface ContainerRef {
  readonly container: Record<string, any>;
  readonly path: FieldPath;
  readonly name: string;
  /**
   * `container` for spec.containers; `initContainer` for a run-to-completion init container;
   * `sidecar` for an init container with `restartPolicy: Always` (it runs as long as the pod).
   */
  readonly role: ContainerRole;
}

export function containersOf(pod: PodTemplate): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const field of ['initContainers', 'containers'] as const) {
    const list = pod.spec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((container, i) => {
      if (!isRecord(container)) return;
      const role: ContainerRole = field === 'containers'
        ? 'container'
        : container.restartPolicy === 'Always' ? 'sidecar' : 'initContainer';
      out.push({ container, path: [...pod.specPath, field, i], name: String(container.name ?? `#${i}`), role });
    });
  }
  return out;
}

/** A container that runs for the pod's lifetime (app containers and native sidecars). */
export function isLongLived(ref: ContainerRef): boolean {
  return ref.role !== 'initContainer';
}

/**
 * A security-context field as the kubelet sees it: the container's value wins over the pod's.
 * `path` is where the value is set, or where it should be set when it is missing.
 */
export function effectiveSecurity(pod: PodTemplate, c: ContainerRef, field: string): { value: any; path: FieldPath } {
  const own = getIn(c.container, ['securityContext', field]);
  if (own !== undefined) return { value: own, path: [...c.path, 'securityContext', field] };
  const podValue = getIn(pod.spec, ['securityContext', field]);
  if (podValue !== undefined) return { value: podValue, path: [...pod.specPath, 'securityContext', field] };
  return { value: undefined, path: [...c.path, 'securityContext', field] };
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** Kubernetes label-selector semantics; an empty selector matches everything. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!isRecord(selector)) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In': if (!has || !values.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** A Service-style selector (a plain map); an empty or missing one selects nothing. */
export function mapSelectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!isRecord(selector) || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function namespaceOf(obj: K8sObject): string {
  return obj.metadata?.namespace ?? '';
}

export function nameOf(obj: K8sObject): string {
  return obj.metadata?.name ?? '';
}

export function annotationsOf(obj: K8sObject): Record<string, string> {
  const a = obj.metadata?.annotations;
  return isRecord(a) ? a : {};
}

/** Parses a Kubernetes quantity (`500m`, `1.5Gi`, `2e3`) to a number of base units; undefined if malformed. */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string') return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/.exec(q.trim());
  if (!m) return undefined;
  const base = Number(m[1] + (m[2] ?? ''));
  const factor: Record<string, number> = {
    m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
    Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  };
  return base * (m[3] ? factor[m[3]] : 1);
}
