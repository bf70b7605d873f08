import {
  K8sObject, PodTemplate, REPLICATED_KINDS, getIn, isRecord, namespaceOf, nameOf, podTemplateOf,
} from './manifest';

export interface WorkloadEntry {
  readonly object: K8sObject;
  readonly pod: PodTemplate;
}

/**
 * Lookups that cross-object rules need, built once per audit so that each rule stays linear
 * in the number of objects (no rule walks every object for every object).
 */
export class ObjectIndex {
  private readonly byNamespaceKind = new Map<string, Map<string, K8sObject[]>>();
  private readonly workloadsByNamespace = new Map<string, WorkloadEntry[]>();
  private readonly hpaByTarget = new Map<string, K8sObject>();
  private readonly podTemplates = new Map<K8sObject, PodTemplate | undefined>();

  constructor(public readonly objects: readonly K8sObject[]) {
    for (const obj of objects) {
      const ns = namespaceOf(obj);
      let kinds = this.byNamespaceKind.get(ns);
      if (!kinds) this.byNamespaceKind.set(ns, kinds = new Map());
      let list = kinds.get(obj.kind);
      if (!list) kinds.set(obj.kind, list = []);
      list.push(obj);

      const pod = this.podTemplate(obj);
      if (pod) {
        let wl = this.workloadsByNamespace.get(ns);
        if (!wl) this.workloadsByNamespace.set(ns, wl = []);
        wl.push({ object: obj, pod });
      }
      if (obj.kind === 'HorizontalPodAutoscaler') {
        const ref = getIn(obj, ['spec', 'scaleTargetRef']);
        if (isRecord(ref)) this.hpaByTarget.set(`${ns}/${ref.kind}/${ref.name}`, obj);
      }
    }
  }

  /** The pod template of an object, computed once. */
  podTemplate(obj: K8sObject): PodTemplate | undefined {
    if (!this.podTemplates.has(obj)) this.podTemplates.set(obj, podTemplateOf(obj));
    return this.podTemplates.get(obj);
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

  /** Every object with a pod template in a namespace. */
  workloads(namespace: string): readonly WorkloadEntry[] {
    return this.workloadsByNamespace.get(namespace) ?? [];
  }

  /** The HorizontalPodAutoscaler that scales this object, if any. */
  hpaFor(obj: K8sObject): K8sObject | undefined {
    return this.hpaByTarget.get(`${namespaceOf(obj)}/${obj.kind}/${nameOf(obj)}`);
  }

  /**
   * How many pods a replicated workload runs at least and at most: the HPA's range when one
   * scales it, else `spec.replicas` (1 when unset, as the API server defaults it).
   */
  replicaRange(obj: K8sObject): { min: number; max: number; hpa?: K8sObject } | undefined {
    if (!REPLICATED_KINDS.includes(obj.kind)) return undefined;
    const hpa = this.hpaFor(obj);
    if (hpa) {
      const min = countOr(getIn(hpa, ['spec', 'minReplicas']), 1);
      const max = countOr(getIn(hpa, ['spec', 'maxReplicas']), min);
      return { min, max, hpa };
    }
    const n = countOr(getIn(obj, ['spec', 'replicas']), 1);
    return { min: n, max: n };
  }
}

/** A replica count as the API server would default it; malformed values count as the default. */
function countOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : fallback;
}
