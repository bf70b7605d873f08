import {
  ContainerRef, FieldPath, K8sObject, PodTemplate, containersOf, isForeignNamesake, isLongLived,
} from '../k8s/manifest';
import { ObjectIndex } from '../k8s/object-index';
import type { PackId } from './packs';
import type { AdmissionKind } from './cel';

export type Severity = 'error' | 'warning';

/** The same check's name in the other tools, so a finding can be matched and suppressed there too. */
export interface Equivalents {
  readonly kubeLinter: readonly string[];
  readonly polaris: readonly string[];
  readonly kyverno: readonly string[];
  readonly pss: readonly string[];
}

/** What a check returns: where the object is wrong and why, in words about this object. */
export interface Violation {
  readonly path: FieldPath;
  readonly message: string;
}

/** Choices of the team that runs an audit (ProductionApp props, `check` flags). */
export interface AuditSettings {
  /**
   * Registries images may come from: a host (`registry.example.com`, `docker.io` for images with
   * no registry) or a host and path prefix (`registry.example.com/shop`).
   * @default any registry
   */
  readonly allowedRegistries?: readonly string[];
  /**
   * Images must carry a digest (`web:1.4.2@sha256:…`), enforced by the `image-digest-required` rule.
   * @default false
   */
  readonly requireImageDigests?: boolean;
}

export interface RuleContext {
  readonly settings: AuditSettings;
  /** Every object of the audit, for rules that relate objects to each other. */
  readonly index: ObjectIndex;
  /** Every known rule by id: the catalogue and any custom rules of the audit (for rules about suppressions). */
  readonly rules: ReadonlyMap<string, RuleMeta>;
}

/**
 * What a rule judges, shown: manifests (YAML, one or more documents) or, for a Dockerfile rule,
 * Dockerfiles, exactly as files on disk hold them. A test checks each with the rule as `check`
 * reads it from disk, and docs/rules.md shows them with the findings they get.
 */
export interface RuleExamples {
  /** Each gets at least one finding of the rule. */
  readonly violating: readonly string[];
  /** Each gets none (other rules may still flag it: an example shows one rule). */
  readonly compliant: readonly string[];
  /**
   * The settings the examples are checked with (`allowedRegistries`, `requireImageDigests`).
   * @default none
   */
  readonly settings?: AuditSettings;
}

/**
 * How the admission gate (`cdk8s-prod admission`) enforces a rule: as CEL over the object the
 * API server is admitting. The expression is true when the object passes; it may read the
 * variables of engine/cel.ts as `variables.<name>`. Suppressions, and objects a controller
 * made, are handled around it (src/admission).
 */
export interface AdmissionCel {
  /** The kinds the policy matches: those the rule reads among the built-in resources. */
  readonly kinds: readonly AdmissionKind[];
  /**
   * The CEL, or a function of the audit's settings and rules giving it (undefined: the settings
   * leave the rule nothing to enforce, as `image-registry-allowed` without allowed registries).
   */
  readonly expression: string | ((ctx: AdmissionContext) => string | undefined);
  /**
   * True when objects a controller made are judged through the object that made them, even for
   * a hard-core rule (a Pod of a ReplicaSet is no bare Pod). Suppressible rules always are.
   * @default false
   */
  readonly judgedAtOwner?: boolean;
  /**
   * What the gate sees differently from a manifest on disk, such as a field the API server
   * defaults before admission (a Job without backoffLimit arrives with 6).
   * @default none
   */
  readonly note?: string;
}

/** What an admission expression may depend on: the settings, and every rule the gate knows by id. */
export interface AdmissionContext {
  readonly settings: AuditSettings;
  readonly rules: ReadonlyMap<string, RuleMeta>;
}

/** Why a rule has no admission policy: it needs other objects, or the API server already holds it. */
export interface AdmissionElsewhere {
  readonly gate: 'synth-and-ci' | 'api-server';
  readonly reason: string;
}

export type RuleAdmission = AdmissionCel | AdmissionElsewhere;

export function isAdmissionCel(a: RuleAdmission | undefined): a is AdmissionCel {
  return a !== undefined && 'expression' in a;
}

/** The data part of a rule: everything but the check. It is what `cdk8s-prod rules` prints. */
export interface RuleMeta {
  /** Stable kebab-case id; suppressions and docs refer to it. */
  readonly id: string;
  /** The pack the rule belongs to (see PACKS): what it judges. */
  readonly pack: PackId;
  readonly title: string;
  readonly severity: Severity;
  /** The pattern (1–13 in PATTERNS.md) this rule enforces, or null for the security/availability baseline. */
  readonly pattern: number | null;
  /** Why the rule exists, in a sentence or two. */
  readonly description: string;
  /** Which objects the rule reads (for the docs). */
  readonly scope: string;
  readonly equivalents: Equivalents;
  readonly remediation: string;
  /** False for the hard core (bare pods, privileged or root containers, escalation, host namespaces, unbounded jobs). */
  readonly suppressible: boolean;
  /**
   * A violating and a compliant example at least (every rule of the catalogue has them).
   * @default none
   */
  readonly examples?: RuleExamples;
  /**
   * How the admission gate enforces the rule, or why it does not.
   * @default not at admission (listed as synth and CI only)
   */
  readonly admission?: RuleAdmission;
}

export interface Rule extends RuleMeta {
  /**
   * Whether the rule also judges `*List` containers (kubectl applies their items, each judged as
   * an object of its own, never the list itself).
   * @default false
   */
  readonly lists?: boolean;
  check(obj: K8sObject, ctx: RuleContext): Violation[];
}

/**
 * An example's text, written indented inside a rule's definition: the tag removes the common
 * indentation and the blank first and last lines, so the text is what a file would hold.
 */
export function example(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join('\n') + '\n';
}

type EquivalentsInput = Partial<Equivalents>;

type MetaInput = Omit<RuleMeta, 'equivalents' | 'scope'> & { equivalents?: EquivalentsInput; scope?: string };

function equivalents(e: EquivalentsInput = {}): Equivalents {
  return { kubeLinter: e.kubeLinter ?? [], polaris: e.polaris ?? [], kyverno: e.kyverno ?? [], pss: e.pss ?? [] };
}

/** A rule over whole objects, optionally restricted to some kinds. */
export function objectRule(def: MetaInput & {
  kinds?: readonly string[];
  lists?: boolean;
  check(obj: K8sObject, ctx: RuleContext): Violation[];
}): Rule {
  const kinds = def.kinds;
  return {
    ...def,
    scope: def.scope ?? (kinds ? kinds.join(', ') : 'every object'),
    equivalents: equivalents(def.equivalents),
    check: (obj, ctx) => (kinds && (!kinds.includes(obj.kind) || isForeignNamesake(obj)) ? [] : def.check(obj, ctx)),
  };
}

export type WorkloadFilter = 'all' | 'long-running' | 'batch';

function workloadFilter(filter: WorkloadFilter): (pod: PodTemplate) => boolean {
  switch (filter) {
    case 'all': return () => true;
    case 'long-running': return (p) => p.class === 'long-running';
    case 'batch': return (p) => p.class === 'batch';
  }
}

const WORKLOAD_SCOPES: Record<WorkloadFilter, string> = {
  'all': 'every pod template: of Kubernetes workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, Pod, PodTemplate), '
    + 'of known custom resources (Argo Rollout and Workflows, KEDA ScaledJob, Knative, OpenKruise) and any pod spec inside another custom resource',
  'long-running': 'pod templates of long-running workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Pod, Argo Rollout, '
    + 'Knative Service, Configuration and Revision, OpenKruise CloneSet and UnitedDeployment)',
  'batch': 'pod templates of batch workloads (Job, CronJob, Argo Workflows, KEDA ScaledJob, OpenKruise BroadcastJob and AdvancedCronJob)',
};

/** A rule over the pod template of workloads. */
export function podRule(def: MetaInput & {
  workloads?: WorkloadFilter;
  check(pod: PodTemplate, obj: K8sObject, ctx: RuleContext): Violation[];
}): Rule {
  const filter = def.workloads ?? 'all';
  const applies = workloadFilter(filter);
  return {
    ...def,
    scope: def.scope ?? WORKLOAD_SCOPES[filter],
    equivalents: equivalents(def.equivalents),
    check: (obj, ctx) => ctx.index.podTemplates(obj).filter(applies).flatMap((pod) => def.check(pod, obj, ctx)),
  };
}

/**
 * A rule over each container of a workload. `containers: 'long-lived'` skips run-to-completion
 * init containers (probes make no sense there); `'all'` includes them.
 */
export function containerRule(def: MetaInput & {
  workloads?: WorkloadFilter;
  containers?: 'all' | 'long-lived';
  check(c: ContainerRef, pod: PodTemplate, obj: K8sObject, ctx: RuleContext): Violation[];
}): Rule {
  const filter = def.workloads ?? 'all';
  const which = def.containers ?? 'all';
  const scope = def.scope ?? `${which === 'all' ? 'containers and init containers' : 'containers and sidecars (not run-to-completion init containers)'} in ${WORKLOAD_SCOPES[filter]}`;
  return podRule({
    ...def,
    scope,
    workloads: filter,
    check: (pod, obj, ctx) => containersOf(pod)
      .filter((c) => which === 'all' || isLongLived(c))
      .flatMap((c) => def.check(c, pod, obj, ctx)),
  });
}

/** The one-line handle of a container in messages: `container "app"`, `init container "migrate"`. */
export function describeContainer(c: ContainerRef): string {
  switch (c.role) {
    case 'container': return `container "${c.name}"`;
    case 'initContainer': return `init container "${c.name}"`;
    case 'sidecar': return `sidecar container "${c.name}"`;
  }
}
