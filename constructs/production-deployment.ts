import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { refuse } from './errors';
import { checkInteger, compactDuration } from './validate';
import { IstioDestinationRule, IstioVirtualService } from './istio';
import { CircuitBreakerOptions, ProxySidecarOptions, RateLimitOptions, proxySidecar, resolveBreaker } from './proxy';
import { ContainerPort, LongRunningProps, LongRunningWorkload, checkIntOrPercent, intOrString } from './long-running';

export { DEFAULT_PROXY_IMAGE } from './proxy';
export type { ProxySidecarOptions } from './proxy';
export type { ContainerPort } from './long-running';

export interface Autoscaling {
  /** At least 2: one replica cannot survive a node drain. */
  readonly minReplicas: number;
  /** More than minReplicas. */
  readonly maxReplicas: number;
  /**
   * Target average CPU use, in percent of the request.
   * @default 70
   */
  readonly cpuUtilization?: number;
}

export interface ProductionDeploymentProps extends LongRunningProps {
  /**
   * Ports the container listens on, each named.
   * @default none (a worker; its probes are then exec probes)
   */
  readonly ports?: readonly ContainerPort[];
  /**
   * Pods to run. Fewer than 2 needs a reasoned suppression of `minimum-replicas`.
   * @default 3 (none when autoscaling, which owns the count)
   */
  readonly replicas?: number;
  /**
   * A HorizontalPodAutoscaler on CPU instead of a fixed count.
   * @default none
   */
  readonly autoscaling?: Autoscaling;
  /**
   * Extra pods a rollout may start (maxUnavailable is always 0): a count or a percentage.
   * @default "25%"
   */
  readonly maxSurge?: number | string;
  /**
   * Spread pods across zones as well as nodes.
   * @default true
   */
  readonly zoneSpread?: boolean;
  /**
   * A circuit breaker in front of the app (pattern 12): callers get a fast answer when the app
   * is slow or failing, instead of waiting on it. An nginx sidecar by default, or Istio's
   * DestinationRule and VirtualService.
   * @default none
   */
  readonly circuitBreaker?: CircuitBreakerOptions;
  /**
   * A per-client rate and connection limit in front of the app (pattern 13), in the nginx sidecar.
   * @default none
   */
  readonly rateLimit?: RateLimitOptions;
  /**
   * The sidecar's port, fronted app port and image.
   * @default port 8081 fronting the first TCP port, nginx-unprivileged 1.27.3
   */
  readonly proxy?: ProxySidecarOptions;
}

/**
 * A long-running service that is production-ready by construction: a Deployment (never a bare
 * Pod) with liveness and readiness probes on named ports, requests and limits, a non-root,
 * read-only, capability-less container with an init as PID 1, zero-downtime rollouts, a
 * PodDisruptionBudget, spreading over nodes and zones, its own ServiceAccount, a Service and a
 * NetworkPolicy. Every object is reachable as a readonly property, and still policed.
 */
export class ProductionDeployment extends LongRunningWorkload {
  public readonly deployment: k8s.KubeDeployment;
  public readonly service?: k8s.KubeService;
  public readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
  public readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  /** The fewest and most pods it runs (the HPA's range, or the fixed count). */
  public readonly replicaRange: { readonly min: number; readonly max: number };
  /** The rolling-update surge, as a number of pods at the largest size. */
  public readonly surgePods: number;
  /** The nginx config of the proxy sidecar, when there is one. */
  public readonly proxyConfigMap?: k8s.KubeConfigMap;
  /** The rendered nginx.conf, when there is a proxy sidecar. */
  public readonly proxyConfig?: string;
  /** Istio's form of the breaker, when `circuitBreaker.implementation` is "istio". */
  public readonly destinationRule?: IstioDestinationRule;
  public readonly virtualService?: IstioVirtualService;

  constructor(scope: Construct, id: string, props: ProductionDeploymentProps) {
    super(scope, id, props, 'server');
    const ports = this.checkedPorts;
    const probes = this.probes;

    if (props.replicas !== undefined && props.autoscaling !== undefined) {
      refuse(this, 'replicas', props.replicas, 'no replicas when autoscaling is set: the HorizontalPodAutoscaler owns the count');
    }
    let range: { min: number; max: number; hpa?: Required<Autoscaling> };
    if (props.autoscaling !== undefined) {
      const a = props.autoscaling;
      if (typeof a !== 'object' || a === null) refuse(this, 'autoscaling', a, '{ minReplicas, maxReplicas, cpuUtilization? }');
      const min = checkInteger(this, 'autoscaling.minReplicas', a.minReplicas, 2, 1000, 'one replica cannot survive a node drain');
      const max = checkInteger(this, 'autoscaling.maxReplicas', a.maxReplicas, min + 1, 10000, 'more than minReplicas');
      const cpu = a.cpuUtilization === undefined ? 70 : checkInteger(this, 'autoscaling.cpuUtilization', a.cpuUtilization, 10, 100);
      range = { min, max, hpa: { minReplicas: min, maxReplicas: max, cpuUtilization: cpu } };
    } else {
      const n = this.checkReplicas(props.replicas, 3, 'ProductionDeployment', () => this.deployment);
      range = { min: n, max: n };
    }
    this.replicaRange = { min: range.min, max: range.max };
    const maxSurge = props.maxSurge === undefined ? '25%' : checkIntOrPercent(this, 'maxSurge', props.maxSurge, 1, 1000,
      'a whole number of pods from 1 to 1000, or a percentage from "1%" to "100%" (maxUnavailable is 0, so the surge is what lets a rollout progress)');
    this.surgePods = typeof maxSurge === 'number' ? maxSurge : Math.ceil(range.max * Number(maxSurge.slice(0, -1)) / 100);

    const server = this.serverParts();
    const spread = this.spreading(props.zoneSpread ?? true);
    const proxy = proxySidecar(this, this.name, this.metadata(), props, ports, probes);
    if (proxy) {
      this.proxyConfigMap = proxy.configMap;
      this.proxyConfig = proxy.text;
    }
    const template = this.buildPodTemplate('app', server.container,
      { terminationGracePeriodSeconds: server.terminationGracePeriodSeconds, ...spread, ...(proxy ? proxy.pod : {}) });

    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: this.metadata(),
      spec: {
        ...(range.hpa ? {} : { replicas: range.min }),
        selector: { matchLabels: { ...this.selectorLabels } },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: {
            maxUnavailable: k8s.IntOrString.fromNumber(0),
            maxSurge: intOrString(maxSurge),
          },
        },
        template,
      },
    });

    this.podDisruptionBudget = this.createPodDisruptionBudget(range.max);

    if (range.hpa) {
      this.autoscaler = new k8s.KubeHorizontalPodAutoscalerV2(this, 'HorizontalPodAutoscaler', {
        metadata: this.metadata(),
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.name },
          minReplicas: range.hpa.minReplicas,
          maxReplicas: range.hpa.maxReplicas,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: range.hpa.cpuUtilization } } }],
        },
      });
    }

    if (ports.length > 0) {
      this.service = new k8s.KubeService(this, 'Service', {
        metadata: this.metadata(),
        spec: {
          type: 'ClusterIP',
          selector: { ...this.selectorLabels },
          // The fronted port reaches the app only through the proxy.
          ports: this.servicePorts((p) => (proxy?.fronted === p.name ? 'proxy' : p.name)),
        },
      });
    }

    if (props.circuitBreaker?.implementation === 'istio') {
      const istio = this.istioBreaker(props.circuitBreaker, probes);
      this.destinationRule = istio.destinationRule;
      this.virtualService = istio.virtualService;
    }

    // Callers reach the proxy's port, never the fronted app port.
    this.createPortsPolicy([
      ...ports.filter((p) => p.name !== proxy?.fronted).map((p) => ({ port: k8s.IntOrString.fromString(p.name), protocol: p.protocol })),
      ...(proxy ? [{ port: k8s.IntOrString.fromString('proxy'), protocol: 'TCP' }] : []),
    ]);
  }

  /** The breaker as Istio sees it: outlier detection and a connection pool, and a route timeout. */
  private istioBreaker(o: CircuitBreakerOptions, probes: { liveness: k8s.Probe; readiness: k8s.Probe }) {
    if (!this.service) refuse(this, 'circuitBreaker.implementation', 'istio', '"sidecar", or declare a port: Istio routes to a Service');
    const b = resolveBreaker(this, 'circuitBreaker', o, this.name, [probes.liveness, probes.readiness].map((p) => p.httpGet?.path).filter((p): p is string => !!p));
    const maxConnections = o.maxConnections === undefined ? undefined : checkInteger(this, 'circuitBreaker.maxConnections', o.maxConnections, 1, 1_000_000);
    const maxPending = o.maxPendingRequests === undefined ? undefined : checkInteger(this, 'circuitBreaker.maxPendingRequests', o.maxPendingRequests, 1, 1_000_000);
    const host = `${this.name}.${this.namespace}.svc.cluster.local`;
    const destinationRule = new IstioDestinationRule(this, 'DestinationRule', {
      metadata: this.metadata(),
      spec: {
        host,
        trafficPolicy: {
          outlierDetection: {
            consecutive5xxErrors: b.failures,
            interval: '10s',
            baseEjectionTime: `${b.openForSeconds}s`,
            maxEjectionPercent: 100,
          },
          connectionPool: {
            tcp: { connectTimeout: compactDuration(b.timeoutMs), ...(maxConnections !== undefined ? { maxConnections } : {}) },
            ...(maxPending !== undefined ? { http: { http1MaxPendingRequests: maxPending } } : {}),
          },
        },
      },
    });
    const virtualService = new IstioVirtualService(this, 'VirtualService', {
      metadata: this.metadata(),
      spec: { hosts: [host], http: [{ timeout: compactDuration(b.timeoutMs), route: [{ destination: { host } }] }] },
    });
    return { destinationRule, virtualService };
  }
}
