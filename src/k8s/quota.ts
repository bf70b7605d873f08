import {
  K8sObject, PodTemplate, containersOf, getIn, isRecord, nameOf, namespaceOf, parseQuantity,
} from './manifest';
import { NODE_COUNT_ANNOTATION } from './annotations';
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
  /** The claims each pod brings: a StatefulSet's volumeClaimTemplates and the pod's ephemeral volumes. */
  readonly perPodClaims: readonly StorageClaim[];
}

/** A PersistentVolumeClaim, or one a workload makes per pod: its size (undefined when unset) and StorageClass. */
export interface StorageClaim {
  readonly bytes?: number;
  readonly storageClass?: string;
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

/** A DaemonSet's nodes, from the annotation ProductionDaemonSet writes (manifests cannot know a cluster's nodes). */
function nodeCountOf(obj: K8sObject): number | undefined {
  const v = getIn(obj, ['metadata', 'annotations', NODE_COUNT_ANNOTATION]);
  return typeof v === 'string' && /^[1-9]\d{0,5}$/.test(v) ? Number(v) : undefined;
}

/**
 * How many pods a workload can run at once; NaN with the reason when manifests cannot tell (a
 * DaemonSet without its node count); undefined for what is not a workload the quota counts.
 */
export function podsAtOnce(obj: K8sObject, index: ObjectIndex): { pods: number; why: string } | undefined {
  switch (obj.kind) {
    case 'DaemonSet': {
      const nodes = nodeCountOf(obj);
      if (nodes === undefined) return { pods: NaN, why: `one pod per node, and no ${NODE_COUNT_ANNOTATION} annotation says how many nodes` };
      const strategy = getIn(obj, ['spec', 'updateStrategy', 'type']) ?? 'RollingUpdate';
      const surge = strategy === 'RollingUpdate' ? Math.min(nodes, intOrPercentOf(getIn(obj, ['spec', 'updateStrategy', 'rollingUpdate', 'maxSurge']), nodes, '0')) : 0;
      const base = `${nodes} node${nodes === 1 ? '' : 's'} (${NODE_COUNT_ANNOTATION})`;
      return { pods: nodes + surge, why: surge ? `${base} + ${surge} surge during a rollout` : base };
    }
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

function storageClaimOf(spec: unknown): StorageClaim {
  const bytes = parseQuantity(getIn(spec, ['resources', 'requests', 'storage']));
  const cls = getIn(spec, ['storageClassName']);
  return { ...(bytes !== undefined ? { bytes } : {}), ...(typeof cls === 'string' && cls !== '' ? { storageClass: cls } : {}) };
}

/** The claims each pod of a workload brings with it. */
function perPodClaimsOf(obj: K8sObject, pod: PodTemplate): StorageClaim[] {
  const out: StorageClaim[] = [];
  const templates = obj.kind === 'StatefulSet' ? getIn(obj, ['spec', 'volumeClaimTemplates']) : undefined;
  if (Array.isArray(templates)) for (const t of templates) out.push(storageClaimOf(getIn(t, ['spec'])));
  const volumes = pod.spec.volumes;
  if (Array.isArray(volumes)) {
    for (const v of volumes) {
      const spec = getIn(v, ['ephemeral', 'volumeClaimTemplate', 'spec']);
      if (spec !== undefined) out.push(storageClaimOf(spec));
    }
  }
  return out;
}

export function claimsOf(index: ObjectIndex, ns: string): WorkloadClaim[] {
  const defaults = limitRangeDefaults(index, ns);
  const out: WorkloadClaim[] = [];
  for (const { object, pod } of index.workloads(ns)) {
    const at = podsAtOnce(object, index);
    if (!at) continue;
    out.push({
      kind: object.kind, name: nameOf(object), pods: at.pods, podsWhy: at.why,
      perPod: podResources(pod, defaults), perPodClaims: perPodClaimsOf(object, pod),
    });
  }
  return out;
}

/** Whether a quota key limits storage (bytes or claims, in all or one StorageClass). */
export function isStorageKey(key: string): boolean {
  return storageKey(canonical(key)) !== undefined;
}

/** A quota key on storage: `requests.storage`, `persistentvolumeclaims`, or either for one StorageClass. */
function storageKey(res: string): { what: 'bytes' | 'claims'; storageClass?: string } | undefined {
  if (res === 'requests.storage') return { what: 'bytes' };
  if (res === 'persistentvolumeclaims') return { what: 'claims' };
  const m = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?)\.storageclass\.storage\.k8s\.io\/(requests\.storage|persistentvolumeclaims)$/.exec(res);
  if (!m) return undefined;
  return { what: m[3] === 'requests.storage' ? 'bytes' : 'claims', storageClass: m[1] };
}

export interface QuotaLine {
  /** The quota key as written (`requests.memory`, `cpu`, `count/services`). */
  readonly key: string;
  readonly hard: number;
  readonly hardText: string;
  readonly used: number;
  /** Workloads whose pods do not set this resource: the API server rejects their pods. */
  readonly unset: string[];
  /** Workloads whose pods at once manifests cannot tell, with why: their claim is not in `used`. */
  readonly uncounted: string[];
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
    const line: QuotaLine = { key, hard: hardValue, hardText: String(raw), used: 0, unset: [], uncounted: [], contributions: [] };
    const storage = storageKey(res);
    const counted = claims.filter((c) => {
      if (!Number.isNaN(c.pods)) return true;
      if (res === 'pods' || (COMPUTE_RESOURCES as readonly string[]).includes(res) || (storage && c.perPodClaims.length)) line.uncounted.push(`${c.kind}/${c.name} (${c.podsWhy})`);
      return false;
    });
    if (res === 'pods') {
      for (const c of counted) line.contributions.push({ who: `${c.kind}/${c.name}`, amount: c.pods, text: `${c.kind}/${c.name}: ${podCount(c.pods)} (${c.podsWhy})` });
    } else if (storage) {
      storageLine(line, storage, counted, index.ofKind(ns, 'PersistentVolumeClaim'));
    } else if ((COMPUTE_RESOURCES as readonly string[]).includes(res)) {
      for (const c of counted) {
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

/** Storage bytes or claims: each PersistentVolumeClaim, and each workload's per-pod claims times its pods at once. */
function storageLine(line: QuotaLine, key: { what: 'bytes' | 'claims'; storageClass?: string }, claims: readonly WorkloadClaim[], pvcs: readonly K8sObject[]): void {
  const inClass = (c: StorageClaim) => key.storageClass === undefined || c.storageClass === key.storageClass;
  const unit = key.storageClass ? `${key.storageClass} claim` : 'claim';
  for (const pvc of pvcs) {
    const c = storageClaimOf(getIn(pvc, ['spec']));
    if (!inClass(c)) continue;
    const who = `PersistentVolumeClaim/${nameOf(pvc)}`;
    if (key.what === 'claims') line.contributions.push({ who, amount: 1, text: `${who}: 1 claim` });
    else if (c.bytes === undefined) line.unset.push(who);
    else line.contributions.push({ who, amount: c.bytes, text: `${who}: ${formatAmount('storage', c.bytes)}` });
  }
  for (const w of claims) {
    const mine = w.perPodClaims.filter(inClass);
    if (mine.length === 0) continue;
    const who = `${w.kind}/${w.name}`;
    if (key.what === 'claims') {
      const n = mine.length * w.pods;
      line.contributions.push({ who, amount: n, text: `${who}: ${podCount(w.pods)} × ${mine.length} ${unit}${mine.length === 1 ? '' : 's'} = ${n} (${w.podsWhy})` });
    } else if (mine.some((c) => c.bytes === undefined)) {
      line.unset.push(who);
    } else {
      const per = mine.reduce((a, c) => a + c.bytes!, 0);
      line.contributions.push({ who, amount: per * w.pods, text: `${who}: ${podCount(w.pods)} × ${formatAmount('storage', per)} = ${formatAmount('storage', per * w.pods)} (${w.podsWhy})` });
    }
  }
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
      const flag = l.used > l.hard ? '  OVER' : l.unset.length ? '  UNSET' : l.uncounted.length ? '  UNCOUNTED' : '';
      out.push(`  ${l.key.padEnd(w)}  ${formatAmount(res, l.used).padStart(9)} of ${l.hardText.padEnd(7)} ${Number.isFinite(pct) ? `${pct}%` : '-'}${flag}`);
      for (const c of l.contributions) if (c.amount > 0) out.push(`      ${c.text}`);
      for (const who of l.unset) {
        out.push(isStorageKey(l.key)
          ? `      ${who}: requests no storage size, so the API server rejects its claims`
          : `      ${who}: sets no ${res.split('.')[0] === 'limits' ? 'limit' : 'request'} for ${res.split('.')[1]}, so the API server rejects its pods`);
      }
      for (const who of l.uncounted) out.push(`      ${who}: not counted`);
    }
  }
  return out.join('\n') + '\n';
}
