import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { NODE_COUNT_ANNOTATION } from '../src/k8s/annotations';
import { orDefault, refuse } from './errors';
import { ContainerPort, LongRunningProps, LongRunningWorkload, checkIntOrPercent, intOrString } from './long-running';
import { checkDuration, checkInteger, checkLabels, checkSubdomain, isLabelKey, isLabelValue } from './validate';

/** A taint the pods tolerate, named: a DaemonSet never tolerates every taint by accident. */
export interface Toleration {
  /** The taint's key, e.g. "node-role.kubernetes.io/control-plane". */
  readonly key: string;
  /**
   * "Equal" matches the value; "Exists" any value of the key.
   * @default "Equal"
   */
  readonly operator?: 'Equal' | 'Exists';
  /**
   * The taint's value, for "Equal".
   * @default ""
   */
  readonly value?: string;
  /**
   * The effect tolerated.
   * @default every effect of the key
   */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface ProductionDaemonSetProps extends LongRunningProps {
  /**
   * Ports the agent listens on, each named. They get a Service with `internalTrafficPolicy: Local`,
   * so a pod reaches the agent on its own node (never a hostPort or the host network).
   * @default none
   */
  readonly ports?: readonly ContainerPort[];
  /**
   * The node labels that select where the agent runs (`kubernetes.io/os: linux` is always added).
   * `{}` states: every Linux node the tolerations allow.
   */
  readonly nodeSelector: Record<string, string>;
  /** The taints the agent tolerates. `[]` states: only untainted nodes. */
  readonly tolerations: readonly Toleration[];
  /**
   * The PriorityClass of the pods (per-node agents usually need one to be scheduled on full
   * nodes), or `false` for the cluster's default priority, stated.
   */
  readonly priorityClassName: string | false;
  /**
   * The most nodes the agent runs on: the quota counts one pod per node (plus the surge during a
   * rollout). Recorded as the `cdk8s-prod.io/node-count` annotation for `namespace-quota-fit`.
   */
  readonly nodeCount: number;
  /**
   * Nodes whose new pod may start before the old one stops (a count or a percentage of the
   * nodes). maxUnavailable is always 0, so each node keeps its agent through a rollout.
   * @default 1
   */
  readonly maxSurge?: number | string;
  /**
   * How long a new pod must stay ready before it counts as available.
   * @default Duration.seconds(10)
   */
  readonly minReady?: Duration;
}

const SURGE = 'a whole number of nodes from 1 to 1000, or a percentage from "1%" to "100%" (maxUnavailable is 0, so the surge is what lets a rollout progress)';

/**
 * A per-node agent or cache that is production-ready by construction: a DaemonSet that keeps the
 * hard core (no host namespaces, no hostPath, no host ports, no privilege), rolls out with a surge
 * so each node keeps its agent, runs where its node selection and tolerations say, with a stated
 * priority, probes, the pod of every workload, a node-local Service and a NetworkPolicy.
 */
export class ProductionDaemonSet extends LongRunningWorkload {
  public readonly daemonSet: k8s.KubeDaemonSet;
  /** The node-local Service (internalTrafficPolicy Local), when there are ports. */
  public readonly service?: k8s.KubeService;
  public readonly nodeCount: number;
  /** Pods at once during a rollout: one per node plus the surge. */
  public readonly podsAtOnce: number;

  constructor(scope: Construct, id: string, props: ProductionDaemonSetProps) {
    super(scope, id, props, 'agent');
    const nodeSelector = this.checkNodeSelector(props.nodeSelector);
    const tolerations = this.checkTolerations(props.tolerations);
    const priority = props.priorityClassName;
    if (priority !== false) {
      if (typeof priority !== 'string') refuse(this, 'priorityClassName', priority, 'the name of a PriorityClass, or false for the cluster\'s default priority');
      checkSubdomain(this, 'priorityClassName', priority);
    }
    const nodes = this.nodeCount = checkInteger(this, 'nodeCount', props.nodeCount, 1, 5000, 'the most nodes the agent runs on, for the quota');
    const maxSurge = props.maxSurge === undefined ? 1 : checkIntOrPercent(this, 'maxSurge', props.maxSurge, 1, 1000, SURGE);
    const minReady = props.minReady === undefined ? 10 : checkDuration(this, 'minReady', props.minReady, 0, 3600);
    this.podsAtOnce = nodes + (typeof maxSurge === 'number' ? Math.min(maxSurge, nodes) : Math.ceil(nodes * Number(maxSurge.slice(0, -1)) / 100));

    const server = this.serverParts();
    const template = this.buildPodTemplate('agent', server.container, {
      terminationGracePeriodSeconds: server.terminationGracePeriodSeconds,
      nodeSelector: { ...nodeSelector, 'kubernetes.io/os': 'linux' },
      ...(tolerations.length ? { tolerations } : {}),
      ...(priority !== false ? { priorityClassName: priority } : {}),
    });

    this.daemonSet = new k8s.KubeDaemonSet(this, 'DaemonSet', {
      metadata: { ...this.metadata({ annotations: { [NODE_COUNT_ANNOTATION]: String(nodes) } }) },
      spec: {
        selector: { matchLabels: { ...this.selectorLabels } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: intOrString(maxSurge), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
        minReadySeconds: minReady,
        template,
      },
    });

    if (this.checkedPorts.length > 0) {
      this.service = new k8s.KubeService(this, 'Service', {
        metadata: this.metadata(),
        spec: { type: 'ClusterIP', internalTrafficPolicy: 'Local', selector: { ...this.selectorLabels }, ports: this.servicePorts() },
      });
    }
    this.createPortsPolicy();
  }

  private checkNodeSelector(value: unknown): Record<string, string> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      refuse(this, 'nodeSelector', value, 'an object of node labels, or {} for every Linux node the tolerations allow');
    }
    const labels = checkLabels(this, 'nodeSelector', value);
    for (const key of ['kubernetes.io/os', 'beta.kubernetes.io/os']) {
      const os = labels[key];
      if (os !== undefined && os !== 'linux') refuse(this, `nodeSelector["${key}"]`, os, '"linux" (the image is a Linux image), or leave it out');
    }
    return labels;
  }

  private checkTolerations(list: unknown): k8s.Toleration[] {
    if (!Array.isArray(list)) refuse(this, 'tolerations', list, 'a list of { key, operator?, value?, effect? }, or [] for untainted nodes only');
    const seen = new Set<string>();
    return list.map((t: Toleration, i) => {
      const prop = `tolerations[${i}]`;
      if (typeof t !== 'object' || t === null) refuse(this, prop, t, '{ key, operator?, value?, effect? }');
      if (typeof t.key !== 'string' || t.key === '') {
        refuse(this, `${prop}.key`, t.key, 'a taint key: a toleration without a key tolerates every taint, which a DaemonSet must name one by one');
      }
      if (!isLabelKey(t.key)) refuse(this, `${prop}.key`, t.key, 'a taint key: an optional DNS-subdomain prefix and "/", then at most 63 letters, digits, \'-\', \'_\' or \'.\' starting and ending with a letter or digit');
      const operator = orDefault(this, `${prop}.operator`, t.operator, 'Equal');
      if (operator !== 'Equal' && operator !== 'Exists') refuse(this, `${prop}.operator`, operator, '"Equal" or "Exists"');
      if (t.value !== undefined) {
        if (operator === 'Exists' && t.value !== '') refuse(this, `${prop}.value`, t.value, 'no value with operator "Exists" (it matches every value)');
        if (typeof t.value !== 'string' || !isLabelValue(t.value)) refuse(this, `${prop}.value`, t.value, 'a taint value: at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit');
      }
      if (t.effect !== undefined && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect)) {
        refuse(this, `${prop}.effect`, t.effect, '"NoSchedule", "PreferNoSchedule" or "NoExecute", or leave it out for every effect');
      }
      const id = `${t.key}=${t.value ?? ''}:${t.effect ?? ''}`;
      if (seen.has(id)) refuse(this, prop, id, 'a toleration no other toleration repeats');
      seen.add(id);
      return {
        key: t.key,
        operator,
        ...(t.value !== undefined ? { value: t.value } : {}),
        ...(t.effect !== undefined ? { effect: t.effect } : {}),
      };
    });
  }
}
