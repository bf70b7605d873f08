import {
  K8sObject, PodTemplate, getIn, isRecord, namespaceOf, nameOf, podTemplatesOf, replicasPath,
} from './manifest';

export interface WorkloadEntry {
  readonly object: K8sObject;
  readonly pod: PodTemplate;
}

type ReplicaRange = { min: number; max: number; hpa?: K8sObject };

/** The key of one label pair `k=v` (string values only: labels and selectors compare with ===). */
function pairKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

/** The `k=v` keys of the string entries of a label map (own properties, as Object.entries gives). */
function pairKeys(labels: unknown): string[] {
  if (!isRecord(labels)) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') out.push(pairKey(k, v));
  return out;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The objects of one kind in one namespace by the label selector each carries, so that "which of
 * them may select these labels" costs the pod's labels, not the number of objects. A selector whose
 * `matchLabels` has a string pair is filed under its rarest pair (a pod it selects must carry that
 * pair); any other selector (only `matchExpressions`, empty, malformed) is a candidate for every pod.
 */
export class SelectorIndex<S> {
  private readonly always: K8sObject[] = [];
  private readonly byPair = new Map<string, K8sObject[]>();

  constructor(objects: readonly K8sObject[], private readonly selectorOf: (obj: K8sObject) => S) {
    const pairsOf = objects.map((o) => {
      const selector = selectorOf(o);
      return isRecord(selector) ? pairKeys(selector.matchLabels) : [];
    });
    const counts = new Map<string, number>();
    for (const pairs of pairsOf) for (const p of pairs) counts.set(p, (counts.get(p) ?? 0) + 1);
    objects.forEach((o, i) => {
      let rarest: string | undefined;
      for (const p of pairsOf[i]) if (rarest === undefined || counts.get(p)! < counts.get(rarest)!) rarest = p;
      if (rarest === undefined) this.always.push(o);
      else pushTo(this.byPair, rarest, o);
    });
  }

  /**
   * True when `matches(selector, labels)` holds for one of the objects; `matches` must require every
   * string pair of the selector's `matchLabels` (as `selectorMatches` does).
   */
  some(labels: Record<string, string>, matches: (selector: S, labels: Record<string, string>) => boolean): boolean {
    for (const o of this.always) if (matches(this.selectorOf(o), labels)) return true;
    for (const p of pairKeys(labels)) {
      for (const o of this.byPair.get(p) ?? []) if (matches(this.selectorOf(o), labels)) return true;
    }
    return false;
  }
}

/**
 * Lookups that cross-object rules need, built once per audit so that each rule stays linear
 * in the number of objects (no rule walks every object for every object).
 */
export class ObjectIndex {
  private readonly byNamespaceKind = new Map<string, Map<string, K8sObject[]>>();
  private readonly workloadsByNamespace = new Map<string, WorkloadEntry[]>();
  private readonly hpaByTarget = new Map<string, K8sObject>();
  private readonly templates = new Map<K8sObject, PodTemplate[]>();
  private readonly replicaRanges = new Map<K8sObject, ReplicaRange | undefined>();
  /** Per namespace: workloads by each string label pair of their pods, in object order. */
  private readonly workloadsByPair = new Map<string, Map<string, WorkloadEntry[]>>();
  /** namespace → kind → name → the first object so named. */
  private readonly byName = new Map<string, Map<string, Map<string, K8sObject>>>();
  /** key → namespace → value (namespaces are keys as they are: a malformed one is not a string). */
  private readonly memos = new Map<string, Map<string, unknown>>();

  constructor(public readonly objects: readonly K8sObject[]) {
    for (const obj of objects) {
      const ns = namespaceOf(obj);
      let kinds = this.byNamespaceKind.get(ns);
      if (!kinds) this.byNamespaceKind.set(ns, kinds = new Map());
      let list = kinds.get(obj.kind);
      if (!list) kinds.set(obj.kind, list = []);
      list.push(obj);

      for (const pod of this.podTemplates(obj)) {
        const entry = { object: obj, pod };
        pushTo(this.workloadsByNamespace, ns, entry);
        let byPair = this.workloadsByPair.get(ns);
        if (!byPair) this.workloadsByPair.set(ns, byPair = new Map());
        for (const p of pairKeys(pod.labels)) pushTo(byPair, p, entry);
      }
      const name = obj.metadata?.name;
      if (typeof name === 'string') {
        let kindsByName = this.byName.get(ns);
        if (!kindsByName) this.byName.set(ns, kindsByName = new Map());
        let names = kindsByName.get(obj.kind);
        if (!names) kindsByName.set(obj.kind, names = new Map());
        if (!names.has(name)) names.set(name, obj);
      }
      if (obj.kind === 'HorizontalPodAutoscaler') {
        const ref = getIn(obj, ['spec', 'scaleTargetRef']);
        if (isRecord(ref)) this.hpaByTarget.set(`${ns}/${ref.kind}/${ref.name}`, obj);
      }
    }
  }

  /** The pod templates of an object (podTemplatesOf), computed once. */
  podTemplates(obj: K8sObject): readonly PodTemplate[] {
    let found = this.templates.get(obj);
    if (!found) this.templates.set(obj, found = podTemplatesOf(obj));
    return found;
  }

  /** The first pod template of an object, if any. */
  podTemplate(obj: K8sObject): PodTemplate | undefined {
    return this.podTemplates(obj)[0];
  }

  /** Objects of a kind in a namespace (`''` is "no namespace given"). */
  ofKind(namespace: string, kind: string): readonly K8sObject[] {
    return this.byNamespaceKind.get(namespace)?.get(kind) ?? [];
  }

  /** Objects of a kind in every namespace. */
  allOfKind(kind: string): K8sObject[] {
    const out: K8sObject[] = [];
    for (const kinds of this.byNamespaceKind.values()) out.push(...(kinds.get(kind) ?? []));
    return out;
  }

  namespaces(): string[] {
    return [...this.byNamespaceKind.keys()];
  }

  /** Every pod template of every object in a namespace, with its object. */
  workloads(namespace: string): readonly WorkloadEntry[] {
    return this.workloadsByNamespace.get(namespace) ?? [];
  }

  /**
   * The first object of a kind in a namespace whose `metadata.name` is `name` (what
   * `ofKind(namespace, kind).find((o) => o.metadata?.name === name)` gives), in constant time.
   */
  named(namespace: string, kind: string, name: unknown): K8sObject | undefined {
    if (typeof name !== 'string') return this.ofKind(namespace, kind).find((o) => o.metadata?.name === name);
    return this.byName.get(namespace)?.get(kind)?.get(name);
  }

  /**
   * The workloads of a namespace that a selector with these `matchLabels` may select: a subset
   * of `workloads(namespace)`, in the same order, that holds every workload whose pod labels
   * contain all the string pairs of `matchLabels` (all of them when it has none). Callers filter
   * it with their own predicate; the result is what filtering `workloads(namespace)` gives.
   */
  workloadCandidates(namespace: string, matchLabels: unknown): readonly WorkloadEntry[] {
    const all = this.workloads(namespace);
    const byPair = this.workloadsByPair.get(namespace);
    let best: readonly WorkloadEntry[] = all;
    for (const p of pairKeys(matchLabels)) {
      const list = byPair?.get(p) ?? [];
      if (list.length < best.length) best = list;
      if (best.length === 0) break;
    }
    return best;
  }

  /** The objects of a kind in a namespace, indexed by the label selector `selectorOf` reads (built once per audit). */
  selectorIndex<S>(namespace: string, kind: string, selectorName: string, selectorOf: (obj: K8sObject) => S): SelectorIndex<S> {
    return this.memo(`selector\u0000${kind}\u0000${selectorName}`, namespace, () => new SelectorIndex(this.ofKind(namespace, kind), selectorOf));
  }

  /** A value derived from the objects of a namespace, computed once per audit under `key`. */
  memo<T>(key: string, namespace: string, compute: () => T): T {
    let values = this.memos.get(key);
    if (!values) this.memos.set(key, values = new Map());
    if (values.has(namespace)) return values.get(namespace) as T;
    const value = compute();
    values.set(namespace, value);
    return value;
  }

  /** The HorizontalPodAutoscaler that scales this object, if any. */
  hpaFor(obj: K8sObject): K8sObject | undefined {
    return this.hpaByTarget.get(`${namespaceOf(obj)}/${obj.kind}/${nameOf(obj)}`);
  }

  /**
   * How many pods a replicated workload runs at least and at most: the HPA's range when one
   * scales it, else `spec.replicas` (1 when unset, as the API server defaults it).
   */
  replicaRange(obj: K8sObject): ReplicaRange | undefined {
    if (this.replicaRanges.has(obj)) return this.replicaRanges.get(obj);
    const range = this.computeReplicaRange(obj);
    this.replicaRanges.set(obj, range);
    return range;
  }

  private computeReplicaRange(obj: K8sObject): ReplicaRange | undefined {
    const replicas = replicasPath(obj);
    if (!replicas) return undefined;
    const hpa = this.hpaFor(obj);
    if (hpa) {
      const min = countOr(getIn(hpa, ['spec', 'minReplicas']), 1);
      const max = countOr(getIn(hpa, ['spec', 'maxReplicas']), min);
      return { min, max, hpa };
    }
    const n = countOr(getIn(obj, replicas), 1);
    return { min: n, max: n };
  }
}

/** A replica count as the API server would default it; malformed values count as the default. */
function countOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : fallback;
}
