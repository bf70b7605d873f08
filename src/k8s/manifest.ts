import { isClusterScoped } from './kinds';

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

/** The API group of an apiVersion (`apps/v1` → `apps`, `v1` → the core group ``). */
export function apiGroup(apiVersion: unknown): string {
  if (typeof apiVersion !== 'string') return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * What a workload's pods are for: `long-running` (probes, replicas, disruption budgets, spreading
 * apply), `batch` (deadlines and retry budgets apply), or `pod-spec` (a pod spec found in a custom
 * resource we do not know: the container and pod security baseline applies).
 */
export type WorkloadClass = 'long-running' | 'batch' | 'pod-spec';

/** Where one pod template of an object is. */
interface TemplateAt {
  readonly specPath: FieldPath;
  readonly metadataPath: FieldPath;
  /** The containers, when they are not a pod spec's `containers`/`initContainers` (Argo Workflows). */
  readonly containers?: ContainerRef[];
  /** The pod spec, when it is not the value at `specPath` (Argo Workflows: the template over the workflow's pod fields). */
  readonly spec?: Record<string, any>;
}

interface WorkloadKind {
  readonly class: WorkloadClass;
  readonly templates: (obj: K8sObject) => TemplateAt[];
  /** Where the replica count is, for kinds that run a set number of pods. */
  readonly replicas?: FieldPath;
  /** Where `activeDeadlineSeconds` bounds a run, for batch kinds. */
  readonly deadline?: FieldPath;
  /** Where a JobSpec is (backoffLimit, ttlSecondsAfterFinished, the pod's restartPolicy), for kinds that hold one. */
  readonly jobSpec?: FieldPath;
}

/** A pod template at `path` (`spec.template`): its spec and metadata. */
const at = (...path: string[]) => (): TemplateAt[] => [{ specPath: [...path, 'spec'], metadataPath: [...path, 'metadata'] }];

const TEMPLATE = at('spec', 'template');
const core = (def: WorkloadKind) => def;

/** The workload kinds of Kubernetes itself, by kind in any group (a namesake elsewhere is checked the same way). */
const CORE_WORKLOADS = new Map<string, WorkloadKind>(Object.entries({
  Pod: core({ class: 'long-running', templates: () => [{ specPath: ['spec'], metadataPath: ['metadata'] }] }),
  Deployment: core({ class: 'long-running', templates: TEMPLATE, replicas: ['spec', 'replicas'] }),
  StatefulSet: core({ class: 'long-running', templates: TEMPLATE, replicas: ['spec', 'replicas'] }),
  DaemonSet: core({ class: 'long-running', templates: TEMPLATE }),
  ReplicaSet: core({ class: 'long-running', templates: TEMPLATE, replicas: ['spec', 'replicas'] }),
  ReplicationController: core({ class: 'long-running', templates: TEMPLATE, replicas: ['spec', 'replicas'] }),
  Job: core({ class: 'batch', templates: TEMPLATE, deadline: ['spec', 'activeDeadlineSeconds'], jobSpec: ['spec'] }),
  CronJob: core({
    class: 'batch', templates: at('spec', 'jobTemplate', 'spec', 'template'),
    deadline: ['spec', 'jobTemplate', 'spec', 'activeDeadlineSeconds'], jobSpec: ['spec', 'jobTemplate', 'spec'],
  }),
  PodTemplate: core({ class: 'pod-spec', templates: at('template') }),
}));

/** Pod fields an Argo Workflow sets for every pod it runs, and that a template may set for its own. */
const ARGO_POD_FIELDS = [
  'securityContext', 'serviceAccountName', 'automountServiceAccountToken', 'hostNetwork', 'dnsPolicy', 'nodeSelector',
  'tolerations', 'affinity', 'priorityClassName', 'volumes', 'podSpecPatch', 'hostAliases', 'schedulerName',
];

/**
 * The pods of an Argo Workflow (or WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow): one per
 * template that runs containers (`container`, `script`, `containerSet`, with init and sidecar
 * containers), over the workflow's pod-wide fields.
 */
function argoTemplates(specPath: FieldPath) {
  return (obj: K8sObject): TemplateAt[] => {
    const spec = getIn(obj, specPath);
    if (!isRecord(spec) || !Array.isArray(spec.templates)) return [];
    const wide = Object.fromEntries(ARGO_POD_FIELDS.filter((f) => spec[f] !== undefined).map((f) => [f, spec[f]]));
    const out: TemplateAt[] = [];
    spec.templates.forEach((t: unknown, i: number) => {
      if (!isRecord(t)) return;
      const path = [...specPath, 'templates', i];
      const containers: ContainerRef[] = [];
      const add = (c: unknown, p: FieldPath, role: ContainerRole, fallback: string) => {
        if (isRecord(c)) containers.push({ container: c, path: p, name: String(c.name ?? fallback), role });
      };
      add(t.container, [...path, 'container'], 'container', String(t.name ?? `#${i}`));
      add(t.script, [...path, 'script'], 'container', String(t.name ?? `#${i}`));
      const list = (field: string, items: unknown, base: FieldPath, role: ContainerRole) => {
        if (Array.isArray(items)) items.forEach((c, j) => add(c, [...base, field, j], role, `${field}#${j}`));
      };
      list('containers', getIn(t, ['containerSet', 'containers']), [...path, 'containerSet'], 'container');
      list('initContainers', t.initContainers, path, 'initContainer');
      list('sidecars', t.sidecars, path, 'sidecar');
      if (containers.length === 0) return;
      const own = Object.fromEntries(ARGO_POD_FIELDS.filter((f) => t[f] !== undefined).map((f) => [f, t[f]]));
      out.push({ specPath: path, metadataPath: [...path, 'metadata'], containers, spec: { ...wide, ...own } });
    });
    return out;
  };
}

/** Custom resources that run pods, by `group/kind`. */
const CUSTOM_WORKLOADS = new Map<string, WorkloadKind>(Object.entries<WorkloadKind>({
  'argoproj.io/Rollout': { class: 'long-running', templates: TEMPLATE, replicas: ['spec', 'replicas'] },
  'argoproj.io/Workflow': { class: 'batch', templates: argoTemplates(['spec']), deadline: ['spec', 'activeDeadlineSeconds'] },
  'argoproj.io/WorkflowTemplate': { class: 'batch', templates: argoTemplates(['spec']), deadline: ['spec', 'activeDeadlineSeconds'] },
  'argoproj.io/ClusterWorkflowTemplate': { class: 'batch', templates: argoTemplates(['spec']), deadline: ['spec', 'activeDeadlineSeconds'] },
  'argoproj.io/CronWorkflow': { class: 'batch', templates: argoTemplates(['spec', 'workflowSpec']), deadline: ['spec', 'workflowSpec', 'activeDeadlineSeconds'] },
  'keda.sh/ScaledJob': {
    class: 'batch', templates: at('spec', 'jobTargetRef', 'template'),
    deadline: ['spec', 'jobTargetRef', 'activeDeadlineSeconds'], jobSpec: ['spec', 'jobTargetRef'],
  },
  'serving.knative.dev/Service': { class: 'long-running', templates: TEMPLATE },
  'serving.knative.dev/Configuration': { class: 'long-running', templates: TEMPLATE },
  'serving.knative.dev/Revision': { class: 'long-running', templates: () => [{ specPath: ['spec'], metadataPath: ['metadata'] }] },
  'apps.kruise.io/CloneSet': { class: 'long-running', templates: TEMPLATE, replicas: ['spec', 'replicas'] },
  'apps.kruise.io/UnitedDeployment': {
    class: 'long-running', replicas: ['spec', 'replicas'],
    templates: (obj) => ['statefulSetTemplate', 'advancedStatefulSetTemplate', 'cloneSetTemplate', 'deploymentTemplate']
      .filter((t) => isRecord(getIn(obj, ['spec', 'template', t])))
      .map((t) => ({ specPath: ['spec', 'template', t, 'spec', 'template', 'spec'], metadataPath: ['spec', 'template', t, 'spec', 'template', 'metadata'] })),
  },
  'apps.kruise.io/BroadcastJob': { class: 'batch', templates: TEMPLATE, deadline: ['spec', 'completionPolicy', 'activeDeadlineSeconds'] },
  'apps.kruise.io/AdvancedCronJob': {
    class: 'batch',
    templates: (obj) => (isRecord(getIn(obj, ['spec', 'template', 'broadcastJobTemplate']))
      ? at('spec', 'template', 'broadcastJobTemplate', 'spec', 'template')()
      : at('spec', 'template', 'jobTemplate', 'spec', 'template')()),
    deadline: ['spec', 'template', 'jobTemplate', 'spec', 'activeDeadlineSeconds'],
  },
}));

/** The workload kind of an object: a known custom resource by group and kind, else a Kubernetes kind by kind. */
// (OpenKruise's Advanced StatefulSet and DaemonSet are the Kubernetes kinds extended: found by kind.)
function workloadKind(obj: K8sObject): WorkloadKind | undefined {
  return CUSTOM_WORKLOADS.get(`${apiGroup(obj.apiVersion)}/${obj.kind}`) ?? CORE_WORKLOADS.get(obj.kind);
}

/**
 * True when an object of a custom group merely shares a name with a Kubernetes kind
 * (`serving.knative.dev/Service` is no Service): rules about the Kubernetes kind do not apply.
 */
export function isForeignNamesake(obj: K8sObject): boolean {
  return CUSTOM_WORKLOADS.has(`${apiGroup(obj.apiVersion)}/${obj.kind}`);
}

/** Workloads whose replica count is a field of their spec, and where. */
export function replicasPath(obj: K8sObject): FieldPath | undefined {
  return workloadKind(obj)?.replicas;
}

/** Where a batch workload's run is bounded by `activeDeadlineSeconds`. */
export function deadlinePath(obj: K8sObject): FieldPath | undefined {
  return workloadKind(obj)?.deadline;
}

/** Where a batch workload holds a JobSpec (backoffLimit, TTL, the pod's restart policy). */
export function jobSpecPath(obj: K8sObject): FieldPath | undefined {
  return workloadKind(obj)?.jobSpec;
}

/** Whether a kind is cluster-scoped (the data is in kinds.ts). */
export { isClusterScoped };

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
  readonly class: WorkloadClass;
  /** The containers, when they are not the spec's `initContainers` and `containers` (Argo Workflows). */
  readonly containers?: readonly ContainerRef[];
}

/** How deep the search for pod specs in an unknown custom resource goes. */
const POD_SPEC_SEARCH_DEPTH = 12;

/** A value shaped like a pod spec: a `containers` list of maps that each name an image. */
function isPodSpecShaped(v: unknown): v is Record<string, any> {
  return isRecord(v) && Array.isArray(v.containers) && v.containers.length > 0
    && v.containers.every((c: unknown) => isRecord(c) && typeof c.image === 'string');
}

/** Every pod-spec-shaped value of an object of a kind we do not know, where it is. */
function podSpecsIn(obj: K8sObject): TemplateAt[] {
  const out: TemplateAt[] = [];
  const walk = (v: unknown, path: FieldPath, depth: number) => {
    if (depth > POD_SPEC_SEARCH_DEPTH || v === null || typeof v !== 'object') return;
    if (isPodSpecShaped(v)) {
      // A template's spec has its metadata beside it (`template: {metadata, spec}`).
      out.push({ specPath: path, metadataPath: [...path.slice(0, -1), 'metadata'] });
      return;
    }
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i], depth + 1));
    else for (const [k, x] of Object.entries(v)) if (!(path.length === 0 && (k === 'metadata' || k === 'apiVersion' || k === 'kind'))) walk(x, [...path, k], depth + 1);
  };
  walk(obj, [], 0);
  return out;
}

/**
 * Every pod template of an object: those of a Kubernetes workload or a known custom resource, or
 * any pod-spec-shaped value in another custom resource (none for a List: its items are objects).
 */
export function podTemplatesOf(obj: K8sObject): PodTemplate[] {
  const kind = workloadKind(obj);
  const found = kind ? kind.templates(obj) : isClusterScoped(obj.kind) || CORE_KINDS_WITHOUT_PODS.has(obj.kind) || /List$/.test(obj.kind) ? [] : podSpecsIn(obj);
  const cls: WorkloadClass = kind?.class ?? 'pod-spec';
  const out: PodTemplate[] = [];
  for (const t of found) {
    const spec = t.spec ?? getIn(obj, t.specPath);
    if (!isRecord(spec)) continue;
    const meta = getIn(obj, t.metadataPath);
    const labels = isRecord(meta) && isRecord(meta.labels) ? meta.labels : {};
    const containers = t.containers ? { containers: t.containers } : {};
    out.push({ spec, specPath: t.specPath, labels, metadataPath: t.metadataPath, class: cls, ...containers });
  }
  return out;
}

/** Kubernetes kinds that hold no pod spec, so are never searched for one. */
const CORE_KINDS_WITHOUT_PODS = new Set([
  'ConfigMap', 'Secret', 'Service', 'ServiceAccount', 'Role', 'RoleBinding', 'NetworkPolicy', 'PodDisruptionBudget',
  'HorizontalPodAutoscaler', 'ResourceQuota', 'LimitRange', 'Ingress', 'Endpoints', 'EndpointSlice', 'Event',
  'PersistentVolumeClaim', 'Lease', 'ControllerRevision',
]);

/** The first pod template of an object, if any. */
export function podTemplateOf(obj: K8sObject): PodTemplate | undefined {
  return podTemplatesOf(obj)[0];
}

/** Whether the object's pods are long-running (probes, replicas and spreading apply). */
export function isLongRunning(obj: K8sObject): boolean {
  return workloadKind(obj)?.class === 'long-running';
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
  if (pod.containers) return [...pod.containers];
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

/** What the API server keys an object by: group, kind, namespace (not for cluster-scoped kinds) and name. */
export function identityOf(obj: K8sObject): string {
  const ns = isClusterScoped(obj.kind) ? '' : namespaceOf(obj);
  return `${apiGroup(obj.apiVersion)}/${obj.kind}/${ns}/${nameOf(obj)}`;
}

/** `Kind/name in namespace ns`, as messages name an object. */
export function describeIdentity(obj: K8sObject): string {
  const ns = isClusterScoped(obj.kind) ? '' : namespaceOf(obj);
  return `${obj.kind}/${nameOf(obj)}${ns ? ` in namespace ${ns}` : ''}`;
}
