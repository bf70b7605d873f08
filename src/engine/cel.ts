/**
 * The building blocks of the CEL the admission gate runs (ValidatingAdmissionPolicy and Kyverno
 * `validate.cel`): which built-in resources hold a pod template and where, the variables every
 * rule's expression may read, and the suppression test. Only what a Kubernetes 1.28 API server
 * compiles for a new expression is used: the CEL standard library (`has`, macros, `matches`,
 * `startsWith`, `size`, …), the strings extension of version 0 (`lowerAscii`, `split`,
 * `substring`, `indexOf`, …) and the Kubernetes list and regex libraries; no optional types,
 * no `quantity()` (both compile for stored expressions only before 1.29).
 */

import { SUPPRESS_PREFIX } from '../k8s/annotations';
import { PLACEHOLDERS } from './suppression-annotations';

export type AdmissionClass = 'long-running' | 'batch' | 'pod-spec' | 'none';

/** A built-in resource an admission policy can match. */
export interface AdmissionResource {
  readonly kind: string;
  readonly group: string;
  readonly version: string;
  /** The plural the API serves it under (what resourceRules name). */
  readonly resource: string;
  /** Where the pod template is, from the object (`['spec', 'template']`; `[]` for a Pod). */
  readonly template?: readonly string[];
  readonly class: AdmissionClass;
}

/** The built-in resources the admission gate knows, in the order policies list them. */
export const ADMISSION_RESOURCES: readonly AdmissionResource[] = [
  { kind: 'Pod', group: '', version: 'v1', resource: 'pods', template: [], class: 'long-running' },
  { kind: 'PodTemplate', group: '', version: 'v1', resource: 'podtemplates', template: ['template'], class: 'pod-spec' },
  { kind: 'ReplicationController', group: '', version: 'v1', resource: 'replicationcontrollers', template: ['spec', 'template'], class: 'long-running' },
  { kind: 'Deployment', group: 'apps', version: 'v1', resource: 'deployments', template: ['spec', 'template'], class: 'long-running' },
  { kind: 'ReplicaSet', group: 'apps', version: 'v1', resource: 'replicasets', template: ['spec', 'template'], class: 'long-running' },
  { kind: 'StatefulSet', group: 'apps', version: 'v1', resource: 'statefulsets', template: ['spec', 'template'], class: 'long-running' },
  { kind: 'DaemonSet', group: 'apps', version: 'v1', resource: 'daemonsets', template: ['spec', 'template'], class: 'long-running' },
  { kind: 'Job', group: 'batch', version: 'v1', resource: 'jobs', template: ['spec', 'template'], class: 'batch' },
  { kind: 'CronJob', group: 'batch', version: 'v1', resource: 'cronjobs', template: ['spec', 'jobTemplate', 'spec', 'template'], class: 'batch' },
  { kind: 'Namespace', group: '', version: 'v1', resource: 'namespaces', class: 'none' },
  { kind: 'ConfigMap', group: '', version: 'v1', resource: 'configmaps', class: 'none' },
  { kind: 'Secret', group: '', version: 'v1', resource: 'secrets', class: 'none' },
  { kind: 'Service', group: '', version: 'v1', resource: 'services', class: 'none' },
  { kind: 'ServiceAccount', group: '', version: 'v1', resource: 'serviceaccounts', class: 'none' },
  { kind: 'ResourceQuota', group: '', version: 'v1', resource: 'resourcequotas', class: 'none' },
  { kind: 'LimitRange', group: '', version: 'v1', resource: 'limitranges', class: 'none' },
  { kind: 'PersistentVolumeClaim', group: '', version: 'v1', resource: 'persistentvolumeclaims', class: 'none' },
  { kind: 'PodDisruptionBudget', group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', class: 'none' },
  { kind: 'HorizontalPodAutoscaler', group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', class: 'none' },
  { kind: 'NetworkPolicy', group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies', class: 'none' },
  { kind: 'Ingress', group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', class: 'none' },
  { kind: 'Role', group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles', class: 'none' },
  { kind: 'RoleBinding', group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings', class: 'none' },
];

/** Kinds the admission gate knows (see ADMISSION_RESOURCES). */
export type AdmissionKind = typeof ADMISSION_RESOURCES[number]['kind'];

export function admissionResource(kind: string): AdmissionResource | undefined {
  return ADMISSION_RESOURCES.find((r) => r.kind === kind);
}

const kindsOf = (pred: (r: AdmissionResource) => boolean): readonly string[] => ADMISSION_RESOURCES.filter(pred).map((r) => r.kind);

/** Every resource with a pod template (what a podRule or containerRule over 'all' reads). */
export const POD_TEMPLATE_KINDS = kindsOf((r) => r.template !== undefined);
/** Resources whose pods run until stopped (a rule over 'long-running' workloads). */
export const LONG_RUNNING_KINDS = kindsOf((r) => r.class === 'long-running');
/** Resources whose pods run to completion (a rule over 'batch' workloads). */
export const BATCH_KINDS = kindsOf((r) => r.class === 'batch');

/** A CEL string literal. */
export function celString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
}

/** `[ 'a', 'b' ]` */
export function celStringList(xs: readonly string[]): string {
  return `[${xs.map(celString).join(', ')}]`;
}

/** `has(a.b) && has(a.b.c) ? a.b.c : fallback` for a path below `root`. */
function guarded(root: string, path: readonly string[], fallback: string): string {
  if (path.length === 0) return root;
  const steps = path.map((_, i) => `has(${[root, ...path.slice(0, i + 1)].join('.')})`);
  return `(${steps.join(' && ')} ? ${[root, ...path].join('.')} : ${fallback})`;
}

function byKind(part: (r: AdmissionResource) => string): string {
  const withTemplate = ADMISSION_RESOURCES.filter((r) => r.template !== undefined);
  return withTemplate.reduceRight((rest, r) => `object.kind == ${celString(r.kind)} ? ${part(r)} : ${rest}`, '{}');
}

export interface CelVariable {
  readonly name: string;
  readonly expression: string;
  /** What it holds, for the docs and the reader of a policy. */
  readonly description: string;
}

/**
 * The variables an admission expression may read as `variables.<name>`. A policy declares those
 * its expression uses (and what they use), in this order.
 */
export const CEL_VARIABLES: readonly CelVariable[] = [
  {
    name: 'podSpec',
    description: 'the pod spec of a Pod, or of the pod template of a workload; {} for other objects',
    expression: byKind((r) => (r.template!.length === 0 ? guarded('object', ['spec'], '{}') : guarded('object', [...r.template!, 'spec'], '{}'))),
  },
  {
    name: 'podMetadata',
    description: 'the metadata of a Pod, or of the pod template of a workload; {} for other objects',
    expression: byKind((r) => guarded('object', [...r.template!, 'metadata'], '{}')),
  },
  {
    name: 'podAnnotations',
    description: 'the annotations of the pod (template)',
    expression: 'has(variables.podMetadata.annotations) ? variables.podMetadata.annotations : {}',
  },
  {
    name: 'initContainers',
    description: 'spec.initContainers of the pod (template), [] when it has none',
    expression: 'has(variables.podSpec.initContainers) ? variables.podSpec.initContainers : []',
  },
  {
    name: 'appContainers',
    description: 'spec.containers of the pod (template), [] when it has none',
    expression: 'has(variables.podSpec.containers) ? variables.podSpec.containers : []',
  },
  {
    name: 'containers',
    description: 'init containers and containers',
    expression: 'variables.initContainers + variables.appContainers',
  },
  {
    name: 'longLivedContainers',
    description: 'containers and native sidecars (init containers with restartPolicy: Always): those that run as long as the pod',
    expression: "variables.initContainers.filter(c, has(c.restartPolicy) && c.restartPolicy == 'Always') + variables.appContainers",
  },
  {
    name: 'annotations',
    description: 'the annotations of the object itself',
    expression: 'has(object.metadata) && has(object.metadata.annotations) ? object.metadata.annotations : {}',
  },
  {
    name: 'controlled',
    description: 'whether a controller made the object (an ownerReference with controller: true)',
    expression: 'has(object.metadata) && has(object.metadata.ownerReferences) && object.metadata.ownerReferences.exists(r, has(r.controller) && r.controller == true)',
  },
];

/**
 * CEL over container `c` of the pod: a securityContext field as the kubelet sees it (the
 * container's value over the pod's, effectiveSecurity in k8s/manifest.ts) tested as `v`, or
 * `unset` when neither sets it.
 */
export function celEffectiveSecurity(field: string, test: string, unset: string): string {
  const own = `c.securityContext.${field}`;
  const pod = `variables.podSpec.securityContext.${field}`;
  return `(has(c.securityContext) && has(${own}) ? ${test.replace(/\bv\b/g, own)} : has(variables.podSpec.securityContext) && has(${pod}) ? ${test.replace(/\bv\b/g, pod)} : ${unset})`;
}

/** The variables an expression uses, with those they use, in declaration order. */
export function variablesUsedBy(expression: string): CelVariable[] {
  const wanted = new Set<string>();
  const visit = (text: string) => {
    for (const m of text.matchAll(/\bvariables\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
      if (wanted.has(m[1])) continue;
      const v = CEL_VARIABLES.find((x) => x.name === m[1]);
      if (!v) throw new Error(`the CEL expression uses variables.${m[1]}, which is not one of ${CEL_VARIABLES.map((x) => x.name).join(', ')}`);
      wanted.add(v.name);
      visit(v.expression);
    }
  };
  visit(expression);
  return CEL_VARIABLES.filter((v) => wanted.has(v.name));
}

// The suppression reason test of suppression-annotations.ts, as regular expressions RE2 and
// JavaScript read alike (ASCII whitespace, code points): a reason is honoured when it has ten
// characters between its first and last non-blank ones, two words, and is not a placeholder.
const WS = '\\t\\n\\v\\f\\r ';
export const REASON_LENGTH_RE = `(?s)[^${WS}].{8,}[^${WS}]`;
export const REASON_SENTENCE_RE = `(?s)[a-zA-Z]{2,}.*[${WS}]+.*[a-zA-Z]{2,}`;

/** The placeholders a reason must not be (lower case), as RE2 reads them. */
export function placeholderRe(placeholders: Iterable<string>): string {
  const alternatives = [...placeholders].map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return `^[${WS}]*(${alternatives.join('|')}|x+|-+|\\.+|\\?+|\\*+)[.!?]*[${WS}]*$`;
}

/** CEL that is true when the string `reason` is a reason `check` honours (reasonProblem finds nothing). */
export function celReasonHonoured(reason: string): string {
  return `${reason}.matches(${celString(REASON_LENGTH_RE)}) && ${reason}.matches(${celString(REASON_SENTENCE_RE)}) && !${reason}.lowerAscii().matches(${celString(placeholderRe(PLACEHOLDERS))})`;
}

/** CEL that is true when the object carries an honoured suppression of the rule. */
export function celSuppressed(ruleId: string): string {
  const key = celString(`${SUPPRESS_PREFIX}${ruleId}`);
  return `(${key} in variables.annotations && ${celReasonHonoured(`variables.annotations[${key}]`)})`;
}
