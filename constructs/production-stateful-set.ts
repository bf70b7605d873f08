import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { orDefault, refuse } from './errors';
import { ContainerPort, LongRunningProps, LongRunningWorkload } from './long-running';
import { checkDuration, checkInteger, checkQuantity, checkSubdomain, pathsOverlap } from './validate';
import { checkWritablePath } from './workload';

/** One persistent volume per pod, from a volumeClaimTemplate. */
export interface VolumeClaim {
  /** The claim's name and the pod's volume name (a DNS-1123 label); each pod's claim is `<name>-<statefulset>-<ordinal>`. */
  readonly name: string;
  /** Where the container mounts it (absolute, outside the image's system folders, not a log folder). */
  readonly mountPath: string;
  /** Storage each pod's claim requests, e.g. "20Gi". Required: it is what the quota counts and what the provisioner sizes. */
  readonly size: string;
  /**
   * The StorageClass that provisions it. Required: the cluster's default class may not exist, may
   * differ between clusters, or may delete the data with the claim.
   */
  readonly storageClass: string;
  /**
   * @default "ReadWriteOnce"
   */
  readonly accessMode?: 'ReadWriteOnce' | 'ReadWriteOncePod';
}

/** What happens to the pods' claims (and their data) when pods go away: a decision, never a default. */
export interface ClaimRetention {
  /** When the StatefulSet is deleted. */
  readonly whenDeleted: 'Retain' | 'Delete';
  /** When a scale-down removes a pod. */
  readonly whenScaled: 'Retain' | 'Delete';
}

export interface ProductionStatefulSetProps extends LongRunningProps {
  /** Ports the container listens on, each named: at least one (the Services route to them). */
  readonly ports: readonly ContainerPort[];
  /** The volumes each pod gets its own claim of. An empty list states that the pods keep no data. */
  readonly volumeClaims: readonly VolumeClaim[];
  /** What happens to the claims on deletion and scale-down. */
  readonly claimRetention: ClaimRetention;
  /**
   * Pods to run. Fewer than 2 needs a reasoned suppression of `minimum-replicas`.
   * @default 3
   */
  readonly replicas?: number;
  /**
   * "OrderedReady" starts and stops pods one at a time, in order; "Parallel" all at once (for
   * peers that do not depend on each other's order).
   * @default "OrderedReady"
   */
  readonly podManagementPolicy?: 'OrderedReady' | 'Parallel';
  /**
   * Pods a rolling update may take down at once, from 1 to replicas − 1. Kubernetes acts on more
   * than 1 only where the MaxUnavailableStatefulSet feature is on; elsewhere it updates one pod at a time.
   * @default 1
   */
  readonly maxUnavailable?: number;
  /**
   * How long a new pod must stay ready before the rollout goes on to the next.
   * @default Duration.seconds(10)
   */
  readonly minReady?: Duration;
  /**
   * Spread pods across zones as well as nodes.
   * @default true
   */
  readonly zoneSpread?: boolean;
  /**
   * Publish the DNS names of pods that are not ready yet on the headless Service (for peers that
   * must find each other before any is ready, as a consensus group forming does).
   * @default false
   */
  readonly publishNotReadyAddresses?: boolean;
}

/** How much storage the StatefulSet claims, for quota arithmetic. */
export interface ClaimedStorage {
  /** Claims at the largest size: replicas × volumeClaims. */
  readonly claims: number;
  /** Bytes requested by all of them. */
  readonly bytes: number;
}

/** The controller appends `-<ordinal>` to pod names and a 10-character hash to the pods' revision label (63 at most). */
const NAME_MAX = 52;

/**
 * A replicated stateful service (a database, a queue) that is production-ready by construction:
 * a StatefulSet with a stable network identity (a headless Service), one claim per pod of a stated
 * size and StorageClass, a stated claim retention, rolling updates that wait for readiness, a
 * PodDisruptionBudget, spreading, a client Service, a NetworkPolicy, and the pod of every workload.
 */
export class ProductionStatefulSet extends LongRunningWorkload {
  public readonly statefulSet: k8s.KubeStatefulSet;
  /** The headless Service that gives each pod its DNS name: `<name>-<ordinal>.<name>-headless.<namespace>.svc`. */
  public readonly headlessService: k8s.KubeService;
  /** The Service clients connect to. */
  public readonly service: k8s.KubeService;
  public readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
  public readonly replicas: number;
  public readonly storage: ClaimedStorage;

  constructor(scope: Construct, id: string, props: ProductionStatefulSetProps) {
    super(scope, id, props, 'database', { nameMax: NAME_MAX, portsRequired: 'at least one named port: the headless and client Services route to it' });
    const replicas = this.replicas = this.checkReplicas(props.replicas, 3, 'ProductionStatefulSet', () => this.statefulSet);
    const policy = orDefault(this, 'podManagementPolicy', props.podManagementPolicy, 'OrderedReady');
    if (policy !== 'OrderedReady' && policy !== 'Parallel') refuse(this, 'podManagementPolicy', policy, '"OrderedReady" or "Parallel"');
    const maxUnavailable = props.maxUnavailable === undefined ? 1
      : checkInteger(this, 'maxUnavailable', props.maxUnavailable, 1, Math.max(1, replicas - 1), replicas > 1 ? 'fewer than replicas, so a rollout keeps a pod serving' : 'one pod');
    const minReady = props.minReady === undefined ? 10 : checkDuration(this, 'minReady', props.minReady, 0, 3600);
    const retention = this.checkRetention(props.claimRetention);
    const claims = this.checkClaims(props.volumeClaims);
    this.storage = { claims: claims.length * replicas, bytes: claims.reduce((a, c) => a + c.bytes, 0) * replicas };
    if (props.publishNotReadyAddresses !== undefined && typeof props.publishNotReadyAddresses !== 'boolean') {
      refuse(this, 'publishNotReadyAddresses', props.publishNotReadyAddresses, 'true or false');
    }

    const server = this.serverParts();
    const template = this.buildPodTemplate('app', {
      ...server.container,
      volumeMounts: claims.map((c) => ({ name: c.name, mountPath: c.mountPath })),
    }, { terminationGracePeriodSeconds: server.terminationGracePeriodSeconds, ...this.spreading(props.zoneSpread ?? true) });
    const podVolumes = new Set((template.spec?.volumes ?? []).map((v) => v.name));
    claims.forEach((c, i) => {
      if (podVolumes.has(c.name)) refuse(this, `volumeClaims[${i}].name`, c.name, `a name no volume of the pod has (${[...podVolumes].join(', ')})`);
    });

    const headlessName = `${this.name}-headless`;
    this.headlessService = new k8s.KubeService(this, 'HeadlessService', {
      metadata: { ...this.metadata(), name: headlessName },
      spec: {
        clusterIp: 'None',
        selector: { ...this.selectorLabels },
        ports: this.servicePorts(),
        ...(props.publishNotReadyAddresses ? { publishNotReadyAddresses: true } : {}),
      },
    });
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: this.metadata(),
      spec: { type: 'ClusterIP', selector: { ...this.selectorLabels }, ports: this.servicePorts() },
    });

    this.statefulSet = new k8s.KubeStatefulSet(this, 'StatefulSet', {
      metadata: this.metadata(),
      spec: {
        serviceName: headlessName,
        replicas,
        selector: { matchLabels: { ...this.selectorLabels } },
        podManagementPolicy: policy,
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: k8s.IntOrString.fromNumber(maxUnavailable) } },
        minReadySeconds: minReady,
        persistentVolumeClaimRetentionPolicy: retention,
        template,
        ...(claims.length ? {
          volumeClaimTemplates: claims.map((c) => ({
            metadata: { name: c.name, labels: { ...this.labels } },
            spec: {
              accessModes: [c.accessMode],
              storageClassName: c.storageClass,
              resources: { requests: { storage: k8s.Quantity.fromString(c.size) } },
            },
          })),
        } : {}),
      },
    });
    this.podDisruptionBudget = this.createPodDisruptionBudget(replicas);
    this.createPortsPolicy();
  }

  private checkRetention(r: unknown): ClaimRetention {
    const allowed = '{ whenDeleted: "Retain" | "Delete", whenScaled: "Retain" | "Delete" }: what happens to each pod\'s data is a decision';
    if (typeof r !== 'object' || r === null) refuse(this, 'claimRetention', r, allowed);
    const out: Record<string, string> = {};
    for (const key of ['whenDeleted', 'whenScaled'] as const) {
      const v = (r as Record<string, unknown>)[key];
      if (v !== 'Retain' && v !== 'Delete') refuse(this, `claimRetention.${key}`, v, '"Retain" or "Delete"');
      out[key] = v;
    }
    return out as unknown as ClaimRetention;
  }

  private checkClaims(list: unknown): Array<Required<VolumeClaim> & { bytes: number }> {
    if (!Array.isArray(list)) refuse(this, 'volumeClaims', list, 'a list of { name, mountPath, size, storageClass }, or [] when the pods keep no data');
    const names = new Set<string>();
    const paths = this.checkedWritablePaths();
    return list.map((c: VolumeClaim, i) => {
      const prop = `volumeClaims[${i}]`;
      if (typeof c !== 'object' || c === null) refuse(this, prop, c, '{ name, mountPath, size, storageClass, accessMode? }');
      if (typeof c.name !== 'string' || c.name.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(c.name)) {
        refuse(this, `${prop}.name`, c.name, 'a DNS-1123 label: at most 63 characters of lower-case letters, digits and \'-\', starting and ending with a letter or digit');
      }
      if (names.has(c.name)) refuse(this, `${prop}.name`, c.name, 'a name no other claim has');
      names.add(c.name);
      const mountPath = checkWritablePath(this, `${prop}.mountPath`, c.mountPath);
      for (const other of paths) {
        if (pathsOverlap(mountPath, other)) refuse(this, `${prop}.mountPath`, mountPath, `a path apart from the other claims, the writable paths and /tmp (it ${mountPath === other ? 'repeats' : 'overlaps'} ${other})`);
      }
      paths.push(mountPath);
      const bytes = checkQuantity(this, `${prop}.size`, c.size, 'storage');
      const storageClass = checkSubdomain(this, `${prop}.storageClass`, c.storageClass);
      const accessMode = orDefault(this, `${prop}.accessMode`, c.accessMode, 'ReadWriteOnce');
      if (accessMode !== 'ReadWriteOnce' && accessMode !== 'ReadWriteOncePod') {
        refuse(this, `${prop}.accessMode`, accessMode, '"ReadWriteOnce" or "ReadWriteOncePod": each pod has its own claim');
      }
      return { name: c.name, mountPath, size: c.size, storageClass, accessMode, bytes };
    });
  }
}
