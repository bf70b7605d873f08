import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { orDefault, refuse, refuseNulls } from './errors';
import { checkInteger, checkLabels, checkNamespace, checkQuantity } from './validate';
import { NAMESPACE_SCOPE } from './workload';

export interface NamespaceQuota {
  /** Sum of CPU requests of all pods, e.g. "4". */
  readonly requestsCpu: string;
  /** Sum of memory requests, e.g. "8Gi". */
  readonly requestsMemory: string;
  /** Sum of memory limits, e.g. "16Gi". */
  readonly limitsMemory: string;
  /**
   * Sum of CPU limits. Every pod then needs a CPU limit (or the LimitRange's default).
   * @default no CPU-limit quota
   */
  readonly limitsCpu?: string;
  /** Pods at once. */
  readonly pods: number;
  /** @default no limit */
  readonly services?: number;
  /** @default no limit */
  readonly configMaps?: number;
  /** @default no limit */
  readonly secrets?: number;
  /**
   * PersistentVolumeClaims at once, a StatefulSet's (replicas × volumeClaims) included.
   * @default no limit
   */
  readonly persistentVolumeClaims?: number;
  /**
   * Sum of storage requested by all claims, e.g. "500Gi" (a StatefulSet's replicas × claim sizes included).
   * @default no storage quota
   */
  readonly requestsStorage?: string;
}

export interface ResourcePair {
  readonly cpu?: string;
  readonly memory?: string;
}

/** The LimitRange for containers: what a container that sets nothing gets, and the most one may ask. */
export interface ContainerLimits {
  /**
   * Requests of a container that sets none.
   * @default { cpu: "100m", memory: "128Mi" }
   */
  readonly defaultRequest?: ResourcePair;
  /**
   * Limits of a container that sets none (no CPU default, so a deliberate "no CPU limit" stays so).
   * @default { memory: "256Mi" }
   */
  readonly default?: ResourcePair;
  /**
   * The most one container may set.
   * @default no maximum
   */
  readonly max?: ResourcePair;
}

export interface QuotaNamespaceProps {
  /**
   * The namespace's name (never default or kube-*).
   * @default the construct id
   */
  readonly name?: string;
  /** The namespace's ResourceQuota. */
  readonly quota: NamespaceQuota;
  /**
   * The namespace's LimitRange for containers.
   * @default defaultRequest 100m / 128Mi, default memory 256Mi
   */
  readonly containerLimits?: ContainerLimits;
  /**
   * Extra labels on the Namespace (the Pod Security labels are always set).
   * @default none
   */
  readonly labels?: Record<string, string>;
}

/**
 * A namespace that is a bounded, isolated home: Pod Security `restricted` (enforce, audit,
 * warn), a ResourceQuota, a consistent LimitRange, and a default-deny NetworkPolicy that lets
 * only DNS out. Workloads built inside it (as its children) get its namespace on every object;
 * ProductionApp then proves with the `namespace-quota-fit` rule that they fit the quota, with
 * the rolling-update surge, the HPA's max, CronJob runs, a DaemonSet's nodes and a StatefulSet's
 * claims counted.
 */
export class QuotaNamespace extends Construct {
  public readonly name: string;
  public readonly namespace: k8s.KubeNamespace;
  public readonly resourceQuota: k8s.KubeResourceQuota;
  public readonly limitRange: k8s.KubeLimitRange;
  public readonly defaultDenyPolicy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: QuotaNamespaceProps) {
    super(scope, id);
    if (typeof props !== 'object' || props === null) refuse(this, 'props', props, 'an object of props');
    refuseNulls(this, props);
    this.name = checkNamespace(this, 'name', props.name ?? id);
    (this as unknown as Record<symbol, string>)[NAMESPACE_SCOPE] = this.name;

    const labels = props.labels === undefined ? {} : checkLabels(this, 'labels', props.labels);
    this.namespace = new k8s.KubeNamespace(this, 'Namespace', {
      metadata: {
        name: this.name,
        labels: {
          ...labels,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    });
    // A Chart's namespace lands on every object in it, cluster-scoped ones too (a cdk8s trap).
    if (Chart.of(this).namespace !== undefined) ApiObject.of(this.namespace).addJsonPatch(JsonPatch.remove('/metadata/namespace'));

    this.resourceQuota = new k8s.KubeResourceQuota(this, 'ResourceQuota', {
      metadata: { name: 'quota', namespace: this.name },
      spec: { hard: this.renderQuota(props.quota) },
    });
    this.limitRange = new k8s.KubeLimitRange(this, 'LimitRange', {
      metadata: { name: 'container-limits', namespace: this.name },
      spec: { limits: [this.renderLimits(props.containerLimits ?? {})] },
    });
    const dns = ['UDP', 'TCP'].map((protocol) => ({ port: k8s.IntOrString.fromNumber(53), protocol }));
    this.defaultDenyPolicy = new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: { name: 'default-deny', namespace: this.name },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], egress: [{ ports: dns }] },
    });
  }

  private renderQuota(q: NamespaceQuota): Record<string, k8s.Quantity> {
    if (typeof q !== 'object' || q === null) refuse(this, 'quota', q, '{ requestsCpu, requestsMemory, limitsMemory, pods, … }');
    const hard: Record<string, k8s.Quantity> = {};
    const quantity = (key: string, prop: keyof NamespaceQuota, v: unknown, kind: 'cpu' | 'memory' | 'storage') => {
      checkQuantity(this, `quota.${prop}`, v, kind);
      hard[key] = k8s.Quantity.fromString(v as string);
    };
    quantity('requests.cpu', 'requestsCpu', q.requestsCpu, 'cpu');
    quantity('requests.memory', 'requestsMemory', q.requestsMemory, 'memory');
    quantity('limits.memory', 'limitsMemory', q.limitsMemory, 'memory');
    if (q.limitsCpu !== undefined) quantity('limits.cpu', 'limitsCpu', q.limitsCpu, 'cpu');
    if (q.requestsStorage !== undefined) quantity('requests.storage', 'requestsStorage', q.requestsStorage, 'storage');
    const count = (key: string, prop: keyof NamespaceQuota, v: unknown, required: boolean) => {
      if (v === undefined && !required) return;
      hard[key] = k8s.Quantity.fromNumber(checkInteger(this, `quota.${prop}`, v, 1, 100000));
    };
    count('pods', 'pods', q.pods, true);
    count('services', 'services', q.services, false);
    count('configmaps', 'configMaps', q.configMaps, false);
    count('secrets', 'secrets', q.secrets, false);
    count('persistentvolumeclaims', 'persistentVolumeClaims', q.persistentVolumeClaims, false);
    return hard;
  }

  private renderLimits(l: ContainerLimits): k8s.LimitRangeItem {
    if (typeof l !== 'object' || l === null) refuse(this, 'containerLimits', l, '{ defaultRequest?, default?, max? }');
    const pairs = {
      defaultRequest: orDefault(this, 'containerLimits.defaultRequest', l.defaultRequest, { cpu: '100m', memory: '128Mi' }),
      default: orDefault(this, 'containerLimits.default', l.default, { memory: '256Mi' }),
      max: orDefault(this, 'containerLimits.max', l.max, {}),
    };
    const parsed: Record<string, Record<string, number>> = {};
    const item: Record<string, Record<string, k8s.Quantity>> = {};
    for (const [field, pair] of Object.entries(pairs)) {
      if (typeof pair !== 'object' || pair === null) refuse(this, `containerLimits.${field}`, pair, '{ cpu?, memory? }');
      parsed[field] = {};
      for (const r of ['cpu', 'memory'] as const) {
        const v = pair[r];
        if (v === undefined) continue;
        parsed[field][r] = checkQuantity(this, `containerLimits.${field}.${r}`, v, r);
        (item[field] ??= {})[r] = k8s.Quantity.fromString(v);
      }
    }
    // The API server applies defaults in this order; a default out of order is refused by it, or silently caps.
    const order: Array<keyof typeof pairs> = ['defaultRequest', 'default', 'max'];
    for (const r of ['cpu', 'memory'] as const) {
      for (let i = 0; i < order.length; i++) {
        for (let j = i + 1; j < order.length; j++) {
          const lo = parsed[order[i]][r];
          const hi = parsed[order[j]][r];
          if (lo !== undefined && hi !== undefined && lo > hi) {
            refuse(this, `containerLimits.${order[j]}.${r}`, pairs[order[j]][r],
              `at least containerLimits.${order[i]}.${r} (${pairs[order[i]][r]}): defaultRequest ≤ default ≤ max`);
          }
        }
      }
    }
    return { type: 'Container', ...item };
  }
}
