import { SUPPRESS_PREFIX } from './annotations';
import { applicableObjects } from './lists';
import { K8sObject, describeIdentity, getIn, identityOf, isRecord, parseQuantity } from './manifest';

/**
 * A semantic diff of two GitOps outputs: objects matched by identity (group, kind, namespace,
 * name) as the cluster matches them, Lists expanded as kubectl expands them, and each change
 * of an object given field by field, with the changes that carry risk called out, so that a
 * reviewer reads what matters before the YAML.
 */

export interface FieldChange {
  /** `spec.replicas`, `spec.template.spec.containers[name=app].image` */
  readonly path: string;
  /** Absent when the field is added. */
  readonly before?: unknown;
  /** Absent when the field is removed. */
  readonly after?: unknown;
}

export interface ObjectDiff {
  /** `Deployment/web in namespace shop` */
  readonly object: string;
  readonly kind: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** The fields that differ (changed objects only). */
  readonly fields: readonly FieldChange[];
  /** What a reviewer should look at twice, in words. */
  readonly risks: readonly string[];
}

export interface OutputDiff {
  readonly objects: readonly ObjectDiff[];
  readonly summary: { readonly added: number; readonly removed: number; readonly changed: number; readonly risks: number };
}

type Path = string;

/** Arrays of objects that all have a string `name` (containers, ports, volumes) are matched by name, not position. */
function byName(a: unknown[]): Map<string, unknown> | undefined {
  if (a.length === 0 || !a.every((x) => isRecord(x) && typeof x.name === 'string')) return undefined;
  const m = new Map<string, unknown>();
  for (const x of a) m.set((x as { name: string }).name, x);
  return m.size === a.length ? m : undefined;
}

function walk(before: unknown, after: unknown, path: Path, out: FieldChange[]): void {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  if (isRecord(before) && isRecord(after)) {
    for (const k of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      const p = path === '' ? k : /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
      if (!(k in after)) out.push({ path: p, before: before[k] });
      else if (!(k in before)) out.push({ path: p, after: after[k] });
      else walk(before[k], after[k], p, out);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const [a, b] = [byName(before), byName(after)];
    if (a && b) {
      for (const name of [...new Set([...a.keys(), ...b.keys()])]) {
        const p = `${path}[name=${name}]`;
        if (!b.has(name)) out.push({ path: p, before: a.get(name) });
        else if (!a.has(name)) out.push({ path: p, after: b.get(name) });
        else walk(a.get(name), b.get(name), p, out);
      }
      return;
    }
    if (before.length === after.length) {
      before.forEach((x, i) => walk(x, after[i], `${path}[${i}]`, out));
      return;
    }
  }
  out.push({ path, before, after });
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const RBAC_KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];
const PROBE = /(?:^|\.)(livenessProbe|readinessProbe|startupProbe)$/;
const LIMITS_AT = /\.resources(\.limits(\.(cpu|memory))?)?$/;

/**
 * The CPU and memory limits a field change touches, before and after, wherever the change was
 * recorded: at one limit, at the whole `limits`, or at the whole `resources` of a container.
 */
function limitChanges(f: FieldChange): Array<[string, unknown, unknown, string]> {
  const m = LIMITS_AT.exec(f.path);
  if (!m) return [];
  const limitsOf = (v: unknown): Record<string, unknown> => {
    if (m[3]) return { [m[3]]: v };
    const limits = m[1] ? v : isRecord(v) ? v.limits : undefined;
    return isRecord(limits) ? limits : {};
  };
  const base = m[3] ? f.path.slice(0, -m[3].length - 1) : m[1] ? f.path : `${f.path}.limits`;
  const [b, a] = [limitsOf(f.before), limitsOf(f.after)];
  return ['cpu', 'memory'].filter((r) => b[r] !== undefined).map((r) => [r, b[r], a[r], `${base}.${r}`]);
}

/** The risks of one changed object, from its field changes. */
function risksOf(kind: string, fields: readonly FieldChange[], before: K8sObject, after: K8sObject): string[] {
  const had = suppressionsOf(before);
  const risks: string[] = [...suppressionsOf(after)].filter(([rule]) => !had.has(rule)).map(([rule, why]) => `suppression added: ${rule} (${why})`);
  for (const f of fields) {
    if (/(^|\.)image$/.test(f.path) && f.before !== undefined && f.after !== undefined) risks.push(`image changed at ${f.path}: ${String(f.before)} → ${String(f.after)}`);
    if (PROBE.test(f.path) && f.after === undefined) risks.push(`probe removed: ${f.path}`);
    for (const [resource, b, a, at] of limitChanges(f)) {
      const [qb, qa] = [parseQuantity(b), parseQuantity(a)];
      if (qb !== undefined && (a === undefined || (qa !== undefined && qa < qb))) {
        risks.push(`${resource} limit ${a === undefined ? 'removed' : 'cut'} at ${at}: ${String(b)} → ${a === undefined ? '(none)' : String(a)}`);
      }
    }
  }
  const replicasDown = (path: string[], what: string) => {
    const [b, a] = [num(getIn(before, path)), num(getIn(after, path))];
    if (b !== undefined && a !== undefined && a < b) risks.push(`${what} down: ${b} → ${a}`);
  };
  if (['Deployment', 'StatefulSet', 'ReplicaSet'].includes(kind)) replicasDown(['spec', 'replicas'], 'replicas');
  if (kind === 'HorizontalPodAutoscaler') replicasDown(['spec', 'minReplicas'], 'minReplicas');
  if (kind === 'PodDisruptionBudget') {
    const [bMin, aMin] = [getIn(before, ['spec', 'minAvailable']), getIn(after, ['spec', 'minAvailable'])];
    const [bMax, aMax] = [getIn(before, ['spec', 'maxUnavailable']), getIn(after, ['spec', 'maxUnavailable'])];
    if (JSON.stringify(bMin) !== JSON.stringify(aMin) || JSON.stringify(bMax) !== JSON.stringify(aMax)) {
      const sameField = (bMin !== undefined && aMin !== undefined) || (bMax !== undefined && aMax !== undefined);
      const looser = bMin !== undefined && aMin !== undefined ? amount(aMin) < amount(bMin) : amount(aMax) > amount(bMax);
      if (!sameField || looser) risks.push(`disruption budget ${sameField ? 'loosened' : 'changed'}: ${budget(bMin, bMax)} → ${budget(aMin, aMax)}`);
    }
  }
  if (kind === 'Job' && fields.some((f) => f.path.startsWith('spec.template'))) {
    risks.push('a Job\'s pod template cannot be updated in place: the apply fails unless the Job is replaced (see ProductionApp\'s gitops prop)');
  }
  if (kind === 'NetworkPolicy' && fields.some((f) => /^spec\.(ingress|egress|podSelector|policyTypes)/.test(f.path))) {
    risks.push(`network policy changed: ${[...new Set(fields.map((f) => f.path.split(/[.[]/).slice(0, 2).join('.')))].join(', ')} (who may connect)`);
  }
  if (RBAC_KINDS.includes(kind) && fields.some((f) => /^(rules|subjects|roleRef|aggregationRule)/.test(f.path) && f.after !== undefined)) {
    risks.push(`RBAC widened or changed: ${[...new Set(fields.map((f) => f.path.split(/[.[]/)[0]))].join(', ')}`);
  }
  return risks;
}

/** The suppressions an object carries: rule → reason. */
function suppressionsOf(obj: K8sObject): Map<string, string> {
  const annotations = obj.metadata?.annotations;
  return new Map(Object.entries(isRecord(annotations) ? annotations : {})
    .filter(([k]) => k.startsWith(SUPPRESS_PREFIX)).map(([k, v]) => [k.slice(SUPPRESS_PREFIX.length), String(v)]));
}

/** A budget's size for comparison: a number, or a percentage as a fraction of 100 (kept comparable with itself). */
function amount(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+%$/.test(v)) return Number(v.slice(0, -1));
  return Number.NaN;
}

function budget(min: unknown, max: unknown): string {
  return min !== undefined ? `minAvailable ${String(min)}` : max !== undefined ? `maxUnavailable ${String(max)}` : 'no budget';
}

/** Compares two sets of manifests (each as read from a folder); the order of the result is stable: by kind, then identity. */
export function diffOutputs(base: readonly K8sObject[], next: readonly K8sObject[]): OutputDiff {
  const index = (objs: readonly K8sObject[]) => new Map(applicableObjects(objs).map((o) => [identityOf(o), o]));
  const [a, b] = [index(base), index(next)];
  const objects: ObjectDiff[] = [];
  for (const id of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const [before, after] = [a.get(id), b.get(id)];
    if (before && !after) {
      const risks = ['PodDisruptionBudget', 'NetworkPolicy', 'ResourceQuota', 'LimitRange'].includes(before.kind)
        ? [`${before.kind} removed`] : [];
      objects.push({ object: describeIdentity(before), kind: before.kind, change: 'removed', fields: [], risks });
    } else if (after && !before) {
      const risks = [
        ...[...suppressionsOf(after)].map(([rule, why]) => `suppression added: ${rule} (${why})`),
        ...(RBAC_KINDS.includes(after.kind) ? [`RBAC added: ${after.kind}`] : []),
      ];
      objects.push({ object: describeIdentity(after), kind: after.kind, change: 'added', fields: [], risks });
    } else if (before && after) {
      const fields: FieldChange[] = [];
      walk(before, after, '', fields);
      if (fields.length === 0) continue;
      objects.push({ object: describeIdentity(after), kind: after.kind, change: 'changed', fields, risks: risksOf(after.kind, fields, before, after) });
    }
  }
  const count = (c: ObjectDiff['change']) => objects.filter((o) => o.change === c).length;
  return { objects, summary: { added: count('added'), removed: count('removed'), changed: count('changed'), risks: objects.reduce((n, o) => n + o.risks.length, 0) } };
}
