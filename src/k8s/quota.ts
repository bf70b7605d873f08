import {
  K8sObject, PodTemplate, containersOf, getIn, isRecord, nameOf, namespaceOf, parseQuantity,
} from './manifest';
import { ObjectIndex } from './object-index';

/**
 * What the workloads of a namespace can claim at once, against its ResourceQuotas: the
 * arithmetic behind QuotaNamespace's admission, the `namespace-quota-fit` rule and the budget
 * report. Everything is computed from final JSON, so it works the same on a synth and on YAML.
 */

/** Compute resources a quota can track, in base units (cores, bytes, pods). */
export const COMPUTE_RESOURCES = ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory', 'pods'] as const;

/** Object-count quotas and the kind they count. */
const COUNTED_KINDS: Record<string, string> = {
  services: 'Service',
  configmaps: 'ConfigMap',
  secrets: 'Secret',
  persistentvolumeclaims: 'PersistentVolumeClaim',
  replicationcontrollers: 'ReplicationController',
  resourcequotas: 'ResourceQuota',
};

function countedKind(resource: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(COUNTED_KINDS, resource) ? COUNTED_KINDS[resource] : undefined;
}

/** A quota key as the user may write it, in its canonical form (`cpu` means `requests.cpu`). */
function canonical(key: string): string {
  if (key === 'cpu' || key === 'memory') return `requests.${key}`;
  const count = /^count\/([a-z]+)(?:\.[a-z0-9.-]+)?$/.exec(key);
  if (count && countedKind(count[1]) !== undefined) return count[1];
  return key;
}

export interface PodResources {
  readonly 'requests.cpu'?: number;
  readonly 'requests.memory'?: number;
  readonly 'limits.cpu'?: number;
  readonly 'limits.memory'?: number;
}

/** One workload's claim: its pod's resources times the pods it can run at once. */
export interface WorkloadClaim {
  readonly kind: string;
  readonly name: string;
  /** Pods it can run at once, and why (e.g. "3 replicas + 1 surge"). */
  readonly pods: number;
  readonly podsWhy: string;
  /** One pod's effective resources; a missing key means the pod sets none (after LimitRange defaults). */
  readonly perPod: PodResources;
}

type ContainerDefaults = { request: Record<string, number>; limit: Record<string, number> };

/** LimitRange container defaults of a namespace: what the API server fills in for a container that sets nothing. */
function limitRangeDefaults(index: ObjectIndex, ns: string): ContainerDefaults {
  const out: ContainerDefaults = { request: {}, limit: {} };
  for (const lr of index.ofKind(ns, 'LimitRange')) {
    const limits = getIn(lr, ['spec', 'limits']);
    if (!Array.isArray(limits)) continue;
    for (const l of limits) {
      if (!isRecord(l) || l.type !== 'Container') continue;
      for (const r of ['cpu', 'memory']) {
        const def = parseQuantity(getIn(l, ['default', r]));
        const req = parseQuantity(getIn(l, ['defaultRequest', r]));
        if (def !== undefined) out.limit[r] = def;
        // The API server defaults a missing request to the default limit when no defaultRequest is given.
        if (req !== undefined) out.request[r] = req;
        else if (def !== undefined && out.request[r] === undefined) out.request[r] = def;
      }
    }
  }
  return out;
}

/** The pod's effective resources: max(sum of long-lived containers, largest init container). */
function podResources(pod: PodTemplate, defaults: ContainerDefaults): PodResources {
  const sum: Record<string, number | undefined> = { 'requests.cpu': 0, 'requests.memory': 0, 'limits.cpu': 0, 'limits.memory': 0 };
  const initMax: Record<string, number> = {};
  for (const c of containersOf(pod)) {
    const res = isRecord(c.container.resources) ? c.container.resources : {};
    for (const r of ['cpu', 'memory']) {
      const limit: number | undefined = parseQuantity(getIn(res, ['limits', r])) ?? defaults.limit[r];
      // A container with a limit and no request gets the limit as its request.
      const request: number | undefined = parseQuantity(getIn(res, ['requests', r])) ?? (getIn(res, ['limits', r]) !== undefined ? limit : defaults.request[r]);
      for (const [key, v] of [[`requests.${r}`, request], [`limits.${r}`, limit]] as const) {
        if (c.role === 'initContainer') {
          if (v !== undefined) initMax[key] = Math.max(initMax[key] ?? 0, v);
        } else {
          sum[key] = v === undefined || sum[key] === undefined ? undefined : sum[key]! + v;
        }
      }
    }
  }
  const out: Record<string, number> = {};
  for (const key of Object.keys(sum)) {
    const s = sum[key];
    if (s === undefined) continue;
    out[key] = Math.max(s, initMax[key] ?? 0);
  }
  return out;
}

function intOrPercentOf(v: unknown, of: number, dflt: string): number {
  const value = v === undefined || v === null ? dflt : v;
  if (typeof value === 'number') return Math.max(0, Math.floor(value));
  const m = /^(\d+)%$/.exec(String(value));
  return m ? Math.ceil(of * Number(m[1]) / 100) : 0;
}

/** How many pods a workload can run at once, or undefined when it cannot be known from manifests (DaemonSet). */
export function podsAtOnce(obj: K8sObject, index: ObjectIndex): { pods: number; why: string } | undefined {
  switch (obj.kind) {
    case 'Pod':
      return { pods: 1, why: 'a bare Pod' };
    case 'Deployment': {
      const range = index.replicaRange(obj)!;
      const strategy = getIn(obj, ['spec', 'strategy', 'type']) ?? 'RollingUpdate';
      const surge = strategy === 'RollingUpdate' ? intOrPercentOf(getIn(obj, ['spec', 'strategy', 'rollingUpdate', 'maxSurge']), range.max, '25%') : 0;
      const base = range.hpa ? `${range.max} (the HPA's max)` : `${range.max} replica${range.max === 1 ? '' : 's'}`;
      return { pods: range.max + surge, why: surge ? `${base} + ${surge} surge during a rollout` : base };
    }
    case 'StatefulSet': case 'ReplicaSet': case 'ReplicationController': {
      const range = index.replicaRange(obj)!;
      return { pods: range.max, why: range.hpa ? `${range.max} (the HPA's max)` : `${range.max} replica${range.max === 1 ? '' : 's'}` };
    }
    case 'Job': {
      const p = getIn(obj, ['spec', 'parallelism']);
      const n = typeof p === 'number' && p >= 0 ? p : 1;
      return { pods: n, why: `parallelism ${n}` };
    }
    case 'CronJob': {
      const p = getIn(obj, ['spec', 'jobTemplate', 'spec', 'parallelism']);
      const n = typeof p === 'number' && p >= 0 ? p : 1;
      const policy = getIn(obj, ['spec', 'concurrencyPolicy']) ?? 'Allow';
      if (policy === 'Forbid') return { pods: n, why: `parallelism ${n}, one run at a time (Forbid)` };
      if (policy === 'Replace') return { pods: 2 * n, why: `parallelism ${n} × 2 while Replace swaps runs` };
      return { pods: Infinity, why: 'concurrencyPolicy Allow: runs can pile up without bound' };
    }
    default:
      return undefined;
  }
}

export function claimsOf(index: ObjectIndex, ns: string): WorkloadClaim[] {
  const defaults = limitRangeDefaults(index, ns);
  const out: WorkloadClaim[] = [];
  for (const { object, pod } of index.workloads(ns)) {
    const at = podsAtOnce(object, index);
    if (!at) continue;
    out.push({ kind: object.kind, name: nameOf(object), pods: at.pods, podsWhy: at.why, perPod: podResources(pod, defaults) });
  }
  return out;
}

export interface QuotaLine {
  /** The quota key as written (`requests.memory`, `cpu`, `count/services`). */
  readonly key: string;
  readonly hard: number;
  readonly hardText: string;
  readonly used: number;
  /** Workloads whose pods do not set this resource: the API server rejects their pods. */
  readonly unset: string[];
  /** Each contributor: `Deployment/web: 4 pods × 256Mi = 1Gi (3 replicas + 1 surge during a rollout)`. */
  readonly contributions: Array<{ who: string; amount: number; text: string }>;
}

export interface QuotaUsage {
  readonly namespace: string;
  readonly quota: string;
  readonly lines: QuotaLine[];
  /** True when the quota has scopes: it counts only some pods, which manifests cannot always tell. */
  readonly scoped: boolean;
}

/** How much of each hard limit of one ResourceQuota its namespace's objects can claim at once. */
export function quotaUsage(quota: K8sObject, index: ObjectIndex): QuotaUsage {
  const ns = namespaceOf(quota);
  const hard = getIn(quota, ['spec', 'hard']);
  const scoped = getIn(quota, ['spec', 'scopes']) !== undefined || getIn(quota, ['spec', 'scopeSelector']) !== undefined;
  const lines: QuotaLine[] = [];
  if (!isRecord(hard)) return { namespace: ns, quota: nameOf(quota), lines, scoped };
  // Every quota of a namespace weighs the same workloads: compute their claims once per index.
  const claims = index.memo('quota-claims', ns, () => claimsOf(index, ns));
  for (const [key, raw] of Object.entries(hard)) {
    const hardValue = parseQuantity(raw);
    if (hardValue === undefined) continue;
    const res = canonical(key);
    const line: QuotaLine = { key, hard: hardValue, hardText: String(raw), used: 0, unset: [], contributions: [] };
    if (res === 'pods') {
      for (const c of claims) line.contributions.push({ who: `${c.kind}/${c.name}`, amount: c.pods, text: `${c.kind}/${c.name}: ${podCount(c.pods)} (${c.podsWhy})` });
    } else if ((COMPUTE_RESOURCES as readonly string[]).includes(res)) {
      for (const c of claims) {
        const per = c.perPod[res as keyof PodResources];
        if (per === undefined) {
          line.unset.push(`${c.kind}/${c.name}`);
          continue;
        }
        const amount = per * c.pods;
        line.contributions.push({ who: `${c.kind}/${c.name}`, amount, text: `${c.kind}/${c.name}: ${podCount(c.pods)} × ${formatAmount(res, per)} = ${formatAmount(res, amount)} (${c.podsWhy})` });
      }
    } else if (countedKind(res) !== undefined) {
      const kind = countedKind(res)!;
      const n = index.ofKind(ns, kind).length;
      line.contributions.push({ who: kind, amount: n, text: `${n} ${kind} object${n === 1 ? '' : 's'}` });
    } else {
      continue;
    }
    (line as { used: number }).used = line.contributions.reduce((a, c) => a + c.amount, 0);
    lines.push(line);
  }
  return { namespace: ns, quota: nameOf(quota), lines, scoped };
}

function podCount(n: number): string {
  return Number.isFinite(n) ? `${n} pod${n === 1 ? '' : 's'}` : 'unbounded pods';
}

/** `1.5` cores as "1500m", bytes as "256Mi" or "1.5Gi", counts as they are. */
export function formatAmount(resource: string, v: number): string {
  if (!Number.isFinite(v)) return 'unbounded';
  if (resource.endsWith('cpu')) return Number.isInteger(v) ? String(v) : `${Math.round(v * 1000)}m`;
  if (resource.endsWith('memory') || resource.endsWith('storage')) {
    for (const [unit, f] of [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
      if (v >= f) {
        const n = v / f;
        return `${Number.isInteger(n) ? n : n.toFixed(2).replace(/\.?0+$/, '')}${unit}`;
      }
    }
    return String(v);
  }
  return String(v);
}

/** A budget report of every ResourceQuota in a set of objects. */
export function budgetReport(objects: readonly K8sObject[]): QuotaUsage[] {
  const index = new ObjectIndex(objects);
  return index.allOfKind('ResourceQuota').map((q) => quotaUsage(q, index))
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.quota.localeCompare(b.quota));
}

export function formatBudget(usages: readonly QuotaUsage[]): string {
  if (usages.length === 0) return 'no ResourceQuota found\n';
  const out: string[] = [];
  for (const u of usages) {
    out.push(`namespace ${u.namespace || '<none>'}, ResourceQuota ${u.quota}${u.scoped ? ' (scoped: counts only some pods)' : ''}`);
    const w = Math.max(...u.lines.map((l) => l.key.length), 4);
    for (const l of u.lines) {
      const res = canonical(l.key);
      const pct = l.hard > 0 ? Math.round(100 * l.used / l.hard) : Infinity;
      const flag = l.used > l.hard ? '  OVER' : l.unset.length ? '  UNSET' : '';
      out.push(`  ${l.key.padEnd(w)}  ${formatAmount(res, l.used).padStart(9)} of ${l.hardText.padEnd(7)} ${Number.isFinite(pct) ? `${pct}%` : '-'}${flag}`);
      for (const c of l.contributions) if (c.amount > 0) out.push(`      ${c.text}`);
      for (const who of l.unset) out.push(`      ${who}: sets no ${res.split('.')[0] === 'limits' ? 'limit' : 'request'} for ${res.split('.')[1]}, so the API server rejects its pods`);
    }
  }
  return out.join('\n') + '\n';
}
