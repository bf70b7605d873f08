import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { Suppressions } from '../src/catalogue/suppressions';
import { orDefault, refuse } from './errors';
import { Peer, renderIngressPeers } from './network';
import { Probe } from './probe';
import { checkDuration, checkInteger, checkPortName, checkPortNumber, compactDuration, formatSeconds } from './validate';
import { IstioDestinationRule, IstioVirtualService } from './istio';
import { CircuitBreakerOptions, ProxySidecarOptions, RateLimitOptions, proxySidecar, resolveBreaker } from './proxy';

export { DEFAULT_PROXY_IMAGE } from './proxy';
export type { ProxySidecarOptions } from './proxy';
import { Workload, WorkloadProps } from './workload';

export interface ContainerPort {
  /** The port's name; probes and the Service refer to it (IANA service name, e.g. "http"). */
  readonly name: string;
  /** The port the container listens on (1024–65535: the container cannot bind below 1024 as non-root). */
  readonly port: number;
  /**
   * @default "TCP"
   */
  readonly protocol?: 'TCP' | 'UDP';
  /**
   * The Service's port for it.
   * @default the container port
   */
  readonly servicePort?: number;
}

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

export interface ProductionDeploymentProps extends WorkloadProps {
  /**
   * Ports the container listens on, each named.
   * @default none (a worker; its probes are then exec probes)
   */
  readonly ports?: readonly ContainerPort[];
  /** Restarts the container when the process is broken (not when it is busy). Required. */
  readonly liveness: Probe;
  /** Sends traffic only when the container can serve. Required, and different from liveness. */
  readonly readiness: Probe;
  /**
   * Holds the other probes back while a slow process starts (instead of a long initialDelay).
   * @default none
   */
  readonly startup?: Probe;
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
   * How long a pod has to stop after SIGTERM.
   * @default Duration.seconds(30)
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * A pause before SIGTERM (a preStop `sleep`), so endpoints are removed before the process
   * stops accepting connections. Shorter than the grace period; the image needs `sleep`.
   * @default none
   */
  readonly preStopDelay?: Duration;
  /**
   * Who may connect to the declared ports.
   * @default [Peer.sameNamespace()]
   */
  readonly ingressFrom?: readonly Peer[];
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

interface CheckedProbes {
  readonly liveness: k8s.Probe;
  readonly readiness: k8s.Probe;
  readonly startup?: k8s.Probe;
}

/**
 * A long-running service that is production-ready by construction: a Deployment (never a bare
 * Pod) with liveness and readiness probes on named ports, requests and limits, a non-root,
 * read-only, capability-less container with an init as PID 1, zero-downtime rollouts, a
 * PodDisruptionBudget, spreading over nodes and zones, its own ServiceAccount, a Service and a
 * NetworkPolicy. Every object is reachable as a readonly property, and still policed.
 */
export class ProductionDeployment extends Workload {
  public readonly deployment: k8s.KubeDeployment;
  public readonly service?: k8s.KubeService;
  public readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
  public readonly networkPolicy: k8s.KubeNetworkPolicy;
  public readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  /** Declared ports by name. */
  public readonly ports: ReadonlyMap<string, number>;
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

    const ports = this.checkPorts(props.ports ?? []);
    this.ports = new Map(ports.map((p) => [p.name, p.port]));
    const probes = this.checkProbes(props, new Map(ports.map((p) => [p.name, { port: p.port, protocol: p.protocol }])));

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
      const n = props.replicas === undefined ? 3 : checkInteger(this, 'replicas', props.replicas, 1, 10000);
      range = { min: n, max: n };
      if (n < 2) {
        // Suppressions are usually added after construction: decide at synth.
        this.node.addValidation({
          validate: () => (hasSuppression(this, 'minimum-replicas') || hasSuppression(this.deployment, 'minimum-replicas') ? [] : [singleReplicaMessage(this, n)]),
        });
      }
    }
    this.replicaRange = { min: range.min, max: range.max };
    const maxSurge = this.checkSurge(props.maxSurge);
    this.surgePods = typeof maxSurge === 'number' ? maxSurge : Math.ceil(range.max * Number(maxSurge.slice(0, -1)) / 100);

    const grace = props.terminationGracePeriod === undefined ? 30 : checkDuration(this, 'terminationGracePeriod', props.terminationGracePeriod, 1, 3600);
    let lifecycle: k8s.Lifecycle | undefined;
    if (props.preStopDelay !== undefined) {
      const delay = checkDuration(this, 'preStopDelay', props.preStopDelay, 1, 600);
      if (delay >= grace) {
        refuse(this, 'preStopDelay', props.preStopDelay.toHumanString(), `less than terminationGracePeriod (${formatSeconds(grace)}), leaving the process time to stop after the pause`);
      }
      lifecycle = { preStop: { exec: { command: ['sleep', String(delay)] } } };
    }

    const spread = this.spreading(props.zoneSpread ?? true);
    const proxy = proxySidecar(this, this.name, this.metadata(), props, ports, probes);
    if (proxy) {
      this.proxyConfigMap = proxy.configMap;
      this.proxyConfig = proxy.text;
    }
    const template = this.buildPodTemplate('app', {
      ports: ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol })),
      livenessProbe: probes.liveness,
      readinessProbe: probes.readiness,
      ...(probes.startup ? { startupProbe: probes.startup } : {}),
      ...(lifecycle ? { lifecycle } : {}),
    }, { terminationGracePeriodSeconds: grace, ...spread, ...(proxy ? proxy.pod : {}) });

    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: this.metadata(),
      spec: {
        ...(range.hpa ? {} : { replicas: range.min }),
        selector: { matchLabels: { ...this.selectorLabels } },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: {
            maxUnavailable: k8s.IntOrString.fromNumber(0),
            maxSurge: typeof maxSurge === 'number' ? k8s.IntOrString.fromNumber(maxSurge) : k8s.IntOrString.fromString(maxSurge),
          },
        },
        template,
      },
    });

    if (range.max >= 2) {
      this.podDisruptionBudget = new k8s.KubePodDisruptionBudget(this, 'PodDisruptionBudget', {
        metadata: this.metadata(),
        spec: {
          maxUnavailable: k8s.IntOrString.fromNumber(1),
          unhealthyPodEvictionPolicy: 'AlwaysAllow',
          selector: { matchLabels: { ...this.selectorLabels } },
        },
      });
    }

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
          ports: ports.map((p) => ({
            name: p.name, port: p.servicePort ?? p.port, protocol: p.protocol ?? 'TCP',
            targetPort: k8s.IntOrString.fromString(proxy?.fronted === p.name ? 'proxy' : p.name),
          })),
        },
      });
    }

    if (props.circuitBreaker?.implementation === 'istio') {
      const istio = this.istioBreaker(props.circuitBreaker, probes);
      this.destinationRule = istio.destinationRule;
      this.virtualService = istio.virtualService;
    }

    const from = renderIngressPeers(this, 'ingressFrom', props.ingressFrom ?? [Peer.sameNamespace()]);
    // Callers reach the proxy's port, never the fronted app port.
    const open = [
      ...ports.filter((p) => p.name !== proxy?.fronted).map((p) => ({ port: k8s.IntOrString.fromString(p.name), protocol: p.protocol ?? 'TCP' })),
      ...(proxy ? [{ port: k8s.IntOrString.fromString('proxy'), protocol: 'TCP' }] : []),
    ];
    this.networkPolicy = this.createNetworkPolicy(open.length && from.length ? [{ from, ports: open }] : []);
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

  private checkPorts(ports: readonly ContainerPort[]): Array<ContainerPort & { protocol: 'TCP' | 'UDP' }> {
    if (!Array.isArray(ports)) refuse(this, 'ports', ports, 'a list of { name, port }');
    const names = new Set<string>();
    const numbers = new Set<string>();
    const servicePorts = new Set<string>();
    return ports.map((p, i) => {
      const prop = `ports[${i}]`;
      if (typeof p !== 'object' || p === null) refuse(this, prop, p, '{ name, port, protocol?, servicePort? }');
      const name = checkPortName(this, `${prop}.name`, p.name);
      const port = checkPortNumber(this, `${prop}.port`, p.port, 1024);
      const protocol = orDefault(this, `${prop}.protocol`, p.protocol, 'TCP');
      if (protocol !== 'TCP' && protocol !== 'UDP') refuse(this, `${prop}.protocol`, protocol, '"TCP" or "UDP"');
      if (p.servicePort === null) refuse(this, `${prop}.servicePort`, null, 'a port number, or leave it out for the container port');
      if (p.servicePort !== undefined) checkPortNumber(this, `${prop}.servicePort`, p.servicePort);
      if (names.has(name)) refuse(this, `${prop}.name`, name, 'a name no other port has');
      if (numbers.has(`${port}/${protocol}`)) refuse(this, `${prop}.port`, port, `a port no other ${protocol} port has`);
      const servicePort = `${p.servicePort ?? port}/${protocol}`;
      if (servicePorts.has(servicePort)) refuse(this, `${prop}.servicePort`, p.servicePort ?? port, `a Service port no other ${protocol} port has (the Service would list it twice)`);
      names.add(name);
      numbers.add(`${port}/${protocol}`);
      servicePorts.add(servicePort);
      return { ...p, protocol };
    });
  }

  private checkProbes(props: ProductionDeploymentProps, ports: ReadonlyMap<string, { port: number; protocol: string }>): CheckedProbes {
    const probeAllowed = 'a Probe (Probe.http, Probe.tcp, Probe.grpc or Probe.exec)';
    for (const prop of ['liveness', 'readiness'] as const) {
      if (!(props[prop] instanceof Probe)) refuse(this, prop, props[prop], `${probeAllowed}: every long-running container needs ${prop === 'liveness' ? 'a liveness probe, or a broken process keeps running (pattern 4)' : 'a readiness probe, or it gets traffic before it can serve (pattern 8)'}`);
    }
    if (props.startup !== undefined && !(props.startup instanceof Probe)) refuse(this, 'startup', props.startup, probeAllowed);
    if (props.liveness === props.readiness || props.liveness.handlerKey === props.readiness.handlerKey) {
      refuse(this, 'readiness', props.readiness.describe(), 'a check different from liveness (e.g. liveness /healthz, readiness /ready): a liveness probe that fails whenever the pod is busy restarts healthy pods');
    }
    return {
      liveness: props.liveness.render(this, 'liveness', ports),
      readiness: props.readiness.render(this, 'readiness', ports),
      ...(props.startup ? { startup: props.startup.render(this, 'startup', ports) } : {}),
    };
  }

  private checkSurge(value: unknown): number | string {
    const allowed = 'a whole number of pods from 1 to 1000, or a percentage from "1%" to "100%" (maxUnavailable is 0, so the surge is what lets a rollout progress)';
    if (value === undefined) return '25%';
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 1000) return value;
    if (typeof value === 'string' && /^([1-9]\d?|100)%$/.test(value)) return value;
    return refuse(this, 'maxSurge', value, allowed);
  }

  private spreading(zone: boolean): { topologySpreadConstraints: k8s.TopologySpreadConstraint[]; affinity: k8s.Affinity } {
    if (typeof zone !== 'boolean') refuse(this, 'zoneSpread', zone, 'true or false');
    const labelSelector = { matchLabels: { ...this.selectorLabels } };
    const keys = ['kubernetes.io/hostname', ...(zone ? ['topology.kubernetes.io/zone'] : [])];
    return {
      topologySpreadConstraints: keys.map((topologyKey) => ({ maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector })),
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [{
            weight: 100,
            podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector },
          }],
        },
      },
    };
  }
}

function hasSuppression(c: IConstruct, rule: string): boolean {
  for (let s: IConstruct | undefined = c; s; s = s.node.scope) {
    if (Suppressions.of(s).some((x) => x.ruleId === rule)) return true;
  }
  return false;
}

function singleReplicaMessage(c: IConstruct, n: number): string {
  return `${c.node.path}: invalid replicas: got ${n}; at least 2, so that a node drain or a crash leaves a pod serving `
    + '(a singleton needs Suppressions.add(<this ProductionDeployment>, \'minimum-replicas\', \'<why one replica is acceptable>\'))';
}
