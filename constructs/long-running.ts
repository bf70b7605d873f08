import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { Suppressions } from '../src/catalogue/suppressions';
import { orDefault, refuse } from './errors';
import { Peer, renderIngressPeers } from './network';
import { Probe } from './probe';
import { checkDuration, checkInteger, checkPortName, checkPortNumber, formatSeconds } from './validate';
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

/** What every long-running workload takes besides the pod: probes, ports, shutdown and who may connect. */
export interface LongRunningProps extends WorkloadProps {
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
}

export interface CheckedProbes {
  readonly liveness: k8s.Probe;
  readonly readiness: k8s.Probe;
  readonly startup?: k8s.Probe;
}

export type CheckedPort = ContainerPort & { readonly protocol: 'TCP' | 'UDP' };

/** The parts of the container a long-running workload adds: its ports, probes and preStop pause. */
export interface ServerContainer {
  readonly ports: k8s.ContainerPort[];
  readonly livenessProbe: k8s.Probe;
  readonly readinessProbe: k8s.Probe;
  readonly startupProbe?: k8s.Probe;
  readonly lifecycle?: k8s.Lifecycle;
}

/**
 * The part every long-running workload (ProductionDeployment, ProductionStatefulSet,
 * ProductionDaemonSet) shares on top of the pod: named ports, two distinct probes on them, a
 * graceful shutdown, spreading, a PodDisruptionBudget and the NetworkPolicy of its ports.
 */
export abstract class LongRunningWorkload extends Workload {
  /** Declared ports by name. */
  public readonly ports: ReadonlyMap<string, number>;
  public readonly networkPolicy!: k8s.KubeNetworkPolicy;

  protected readonly checkedPorts: readonly CheckedPort[];
  protected readonly probes: CheckedProbes;

  /**
   * `options.nameMax`: see Workload; `options.portsRequired`: why the workload needs a port
   * (refused before the probes that would name one).
   */
  protected constructor(scope: Construct, id: string, props: LongRunningProps & { readonly ports?: readonly ContainerPort[] },
    defaultComponent: string, options: { readonly nameMax?: number; readonly portsRequired?: string } = {}) {
    super(scope, id, props, defaultComponent, options.nameMax);
    this.checkedPorts = this.checkPorts(props.ports ?? []);
    if (options.portsRequired && this.checkedPorts.length === 0) refuse(this, 'ports', props.ports, options.portsRequired);
    this.ports = new Map(this.checkedPorts.map((p) => [p.name, p.port]));
    this.probes = this.checkProbes(props, new Map(this.checkedPorts.map((p) => [p.name, { port: p.port, protocol: p.protocol }])));
  }

  /** The container's ports, probes and preStop pause, and the pod's grace period. */
  protected serverParts(): { container: ServerContainer; terminationGracePeriodSeconds: number } {
    const props = this.props as LongRunningProps;
    const grace = props.terminationGracePeriod === undefined ? 30 : checkDuration(this, 'terminationGracePeriod', props.terminationGracePeriod, 1, 3600);
    let lifecycle: k8s.Lifecycle | undefined;
    if (props.preStopDelay !== undefined) {
      const delay = checkDuration(this, 'preStopDelay', props.preStopDelay, 1, 600);
      if (delay >= grace) {
        refuse(this, 'preStopDelay', props.preStopDelay.toHumanString(), `less than terminationGracePeriod (${formatSeconds(grace)}), leaving the process time to stop after the pause`);
      }
      lifecycle = { preStop: { exec: { command: ['sleep', String(delay)] } } };
    }
    return {
      container: {
        ports: this.checkedPorts.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol })),
        livenessProbe: this.probes.liveness,
        readinessProbe: this.probes.readiness,
        ...(this.probes.startup ? { startupProbe: this.probes.startup } : {}),
        ...(lifecycle ? { lifecycle } : {}),
      },
      terminationGracePeriodSeconds: grace,
    };
  }

  /** A fixed replica count from 1 to 10000; fewer than 2 needs a reasoned suppression of `minimum-replicas`, decided at synth. */
  protected checkReplicas(value: unknown, dflt: number, kind: string, controller: () => IConstruct): number {
    const n = value === undefined ? dflt : checkInteger(this, 'replicas', value, 1, 10000);
    if (n < 2) {
      // Suppressions are usually added after construction: decide at synth.
      this.node.addValidation({
        validate: () => (hasSuppression(controller(), 'minimum-replicas') ? [] : [singleReplicaMessage(this, n, kind)]),
      });
    }
    return n;
  }

  /** A PodDisruptionBudget letting one pod go at a time, when there is more than one. */
  protected createPodDisruptionBudget(maxPods: number): k8s.KubePodDisruptionBudget | undefined {
    if (maxPods < 2) return undefined;
    return new k8s.KubePodDisruptionBudget(this, 'PodDisruptionBudget', {
      metadata: this.metadata(),
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(1),
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
        selector: { matchLabels: { ...this.selectorLabels } },
      },
    });
  }

  /** The NetworkPolicy letting `ingressFrom` reach the open ports (all declared ports unless given). */
  protected createPortsPolicy(open?: Array<{ port: k8s.IntOrString; protocol: string }>): k8s.KubeNetworkPolicy {
    const props = this.props as LongRunningProps;
    const from = renderIngressPeers(this, 'ingressFrom', props.ingressFrom ?? [Peer.sameNamespace()]);
    const ports = open ?? this.checkedPorts.map((p) => ({ port: k8s.IntOrString.fromString(p.name), protocol: p.protocol }));
    const policy = this.createNetworkPolicy(ports.length && from.length ? [{ from, ports }] : []);
    (this as { networkPolicy: k8s.KubeNetworkPolicy }).networkPolicy = policy;
    return policy;
  }

  /** Service ports for the declared container ports, by name. */
  protected servicePorts(target: (p: CheckedPort) => string = (p) => p.name): k8s.ServicePort[] {
    return this.checkedPorts.map((p) => ({
      name: p.name, port: p.servicePort ?? p.port, protocol: p.protocol, targetPort: k8s.IntOrString.fromString(target(p)),
    }));
  }

  /** Spread over nodes (and zones): a soft constraint and a preferred anti-affinity. */
  protected spreading(zone: unknown): { topologySpreadConstraints: k8s.TopologySpreadConstraint[]; affinity: k8s.Affinity } {
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

  private checkPorts(ports: readonly ContainerPort[]): CheckedPort[] {
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

  private checkProbes(props: LongRunningProps, ports: ReadonlyMap<string, { port: number; protocol: string }>): CheckedProbes {
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
}

/** A count or a percentage, as rolling updates take them. */
export function checkIntOrPercent(scope: IConstruct, prop: string, value: unknown, min: number, max: number,
  allowed: string): number | string {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  if (typeof value === 'string' && /^(0|[1-9]\d{0,2})%$/.test(value)) {
    const pct = Number(value.slice(0, -1));
    if (pct >= min && pct <= 100) return value;
  }
  return refuse(scope, prop, value, allowed);
}

export function intOrString(v: number | string): k8s.IntOrString {
  return typeof v === 'number' ? k8s.IntOrString.fromNumber(v) : k8s.IntOrString.fromString(v);
}

export function hasSuppression(c: IConstruct, rule: string): boolean {
  for (let s: IConstruct | undefined = c; s; s = s.node.scope) {
    if (Suppressions.of(s).some((x) => x.ruleId === rule)) return true;
  }
  return false;
}

function singleReplicaMessage(c: IConstruct, n: number, kind: string): string {
  return `${c.node.path}: invalid replicas: got ${n}; at least 2, so that a node drain or a crash leaves a pod serving `
    + `(a singleton needs Suppressions.add(<this ${kind}>, 'minimum-replicas', '<why one replica is acceptable>'))`;
}
