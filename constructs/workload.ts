import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { INIT_ANNOTATION } from '../src/k8s/annotations';
import { ContainerImage } from '../src/k8s/container-image';
import { writableMountCoversSystem } from '../src/k8s/paths';
import { IMAGE_INITS, ImageInit } from '../src/k8s/processes';
import { DockerfileFacts, inspectDockerfile, parseDockerfile } from '../src/dockerfile';
import { DOCKERFILE_SOURCE, DockerfileSource } from '../src/dockerfile/source';
import { literalSecretProblem } from '../src/secrets/secret-patterns';
import type { RuleId } from '../src/catalogue/ids';
import { Suppressions } from '../src/catalogue/suppressions';
import { orDefault, refuse, refuseNulls } from './errors';
import { ImageInput, resolveImage } from './image';
import { EgressRule, renderEgress } from './network';
import { ContainerResources, RenderedResources, SizeClass, renderResources } from './resources';
import {
  checkInteger, checkName, checkNamespace, checkQuantity, checkStringMap, isLabelValue, isNormalAbsolutePath, pathsOverlap,
} from './validate';

export interface PodSecurity {
  /**
   * Numeric user id the containers run as (never 0).
   * @default 10001
   */
  readonly user?: number;
  /**
   * Numeric group id (never 0).
   * @default 10001
   */
  readonly group?: number;
  /**
   * Group that owns mounted volumes.
   * @default the group
   */
  readonly fsGroup?: number;
}

export interface WritablePath {
  /** Absolute path the process writes to; it gets its own emptyDir. */
  readonly path: string;
  /**
   * Most the folder may hold before the pod is evicted.
   * @default "64Mi"
   */
  readonly sizeLimit?: string;
}

/** The workload calls the Kubernetes API and needs its ServiceAccount token mounted. */
export interface ApiAccess {
  /** Why; recorded as the suppression of `automount-service-account-token`. */
  readonly reason: string;
}

/** What every workload construct (ProductionDeployment, BoundedJob, BoundedCronJob) takes. */
export interface WorkloadProps {
  /**
   * Name of the workload and of every object it emits (a DNS-1035 label). The image tag becomes
   * the `app.kubernetes.io/version` label when it is a valid label value (63 characters at most).
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace of every object it emits.
   * @default the chart's namespace
   */
  readonly namespace?: string;
  /** The container image: pinned (a version tag that is not `latest`, or a digest). */
  readonly image: ImageInput;
  /**
   * Overrides the image's ENTRYPOINT.
   * @default the image's
   */
  readonly command?: string[];
  /**
   * Overrides the image's CMD.
   * @default the image's
   */
  readonly args?: string[];
  /**
   * Plain settings as environment variables. Secret-looking names or values are refused:
   * secrets come from Secrets (ConfiguredApp).
   * @default none
   */
  readonly env?: Record<string, string>;
  /** Requests and limits, or a named size class. */
  readonly resources: ContainerResources | SizeClass;
  /**
   * The non-root identity of the pod.
   * @default user 10001, group 10001, fsGroup 10001
   */
  readonly podSecurity?: PodSecurity;
  /**
   * Set when the image's ENTRYPOINT starts an init (tini, dumb-init, …) that reaps zombies and
   * forwards signals; otherwise the pod shares its process namespace so that the pause
   * container is PID 1.
   * @default the init the `dockerfile`'s ENTRYPOINT starts, if any; else none
   */
  readonly imageInit?: ImageInit;
  /**
   * Path of the Dockerfile that builds the image. The synth audits it like any manifest (its
   * findings fail the synth), and uses what it learns: an init in its ENTRYPOINT replaces
   * shareProcessNamespace, and its numeric USER becomes the default runAsUser/runAsGroup.
   * @default not audited
   */
  readonly dockerfile?: string;
  /**
   * Paths the process writes to besides /tmp; each gets an emptyDir with a size limit (the
   * root filesystem is read-only). Log folders are refused: log to stdout and stderr.
   * @default none
   */
  readonly writablePaths?: ReadonlyArray<string | WritablePath>;
  /**
   * Size limit of the emptyDir at /tmp.
   * @default "64Mi"
   */
  readonly tmpSizeLimit?: string;
  /**
   * Mount the ServiceAccount token (the workload calls the Kubernetes API).
   * @default no token
   */
  readonly apiAccess?: ApiAccess;
  /**
   * `app.kubernetes.io/part-of`: the system this workload belongs to.
   * @default the name
   */
  readonly partOf?: string;
  /**
   * `app.kubernetes.io/component`.
   * @default "server" for Deployments, "job" and "cronjob" for batch work
   */
  readonly component?: string;
  /**
   * Where the pods may connect besides DNS.
   * @default DNS only
   */
  readonly egress?: readonly EgressRule[];
}

export const DEFAULT_UID = 10001;

/** Marks a construct whose children belong to a namespace (QuotaNamespace sets it to its name). */
export const NAMESPACE_SCOPE = Symbol.for('cdk8s-prod.namespace-scope');
const DEFAULT_TMP = '64Mi';

export interface ContainerParts {
  readonly ports?: k8s.ContainerPort[];
  readonly livenessProbe?: k8s.Probe;
  readonly readinessProbe?: k8s.Probe;
  readonly startupProbe?: k8s.Probe;
  readonly lifecycle?: k8s.Lifecycle;
  /** Mounts of volumes the pod does not list (a StatefulSet's volumeClaimTemplates). */
  readonly volumeMounts?: k8s.VolumeMount[];
}

export interface PodParts {
  readonly restartPolicy?: 'Always' | 'Never' | 'OnFailure';
  readonly terminationGracePeriodSeconds?: number;
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
  readonly affinity?: k8s.Affinity;
  /** More containers in the pod (ProductionDeployment's proxy sidecar). */
  readonly sidecars?: k8s.Container[];
  readonly volumes?: k8s.Volume[];
  readonly annotations?: Record<string, string>;
  /** Where the pods may run (a DaemonSet's explicit node selection). */
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: k8s.Toleration[];
  readonly priorityClassName?: string;
}

/** The container security context every container we emit gets. */
export function containerSecurityContext(): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
  };
}

/** What a subclass adds to the container and pod (ConfiguredApp's configuration and secrets). */
export interface PodAdditions {
  readonly volumes?: k8s.Volume[];
  readonly mounts?: k8s.VolumeMount[];
  readonly env?: k8s.EnvVar[];
  readonly envFrom?: k8s.EnvFromSource[];
  /** Paths mounted read-only into the container, checked against the writable paths. */
  readonly readOnlyPaths?: string[];
}

/**
 * The part every workload shares: identity, labels, the ServiceAccount, the non-root,
 * read-only, capability-less container, and the pod around it. One place builds a compliant pod.
 */
export abstract class Workload extends Construct {
  public readonly name: string;
  public readonly image: ContainerImage;
  /** The recommended `app.kubernetes.io/*` labels on every object and pod. */
  public readonly labels: Readonly<Record<string, string>>;
  /** The stable subset that selects the pods (never the version). */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** Requests and limits in base units, for quota arithmetic. */
  public readonly resourceAmounts: RenderedResources['amounts'];

  protected readonly props: WorkloadProps;
  /** What the image's Dockerfile says, when one was given. */
  public readonly dockerfileFacts?: DockerfileFacts;
  /** The namespace of every object it emits. */
  public readonly namespace: string;
  private readonly resources: RenderedResources;
  /** The checked emptyDirs of /tmp and the writable paths, once made. */
  private writableCache?: { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] };

  /** `nameMax`: fewer characters where the controller derives longer names (a StatefulSet's pod labels). */
  protected constructor(scope: Construct, id: string, props: WorkloadProps, defaultComponent: string, nameMax = 63) {
    super(scope, id);
    if (typeof props !== 'object' || props === null) refuse(this, 'props', props, 'an object of props');
    refuseNulls(this, props);
    this.props = props;
    this.name = checkName(this, 'name', props.name ?? id, nameMax);
    this.namespace = this.resolveNamespace(props.namespace);
    this.image = resolveImage(this, 'image', props.image);
    this.resources = renderResources(this, 'resources', props.resources);
    if (props.dockerfile !== undefined) this.dockerfileFacts = this.readDockerfile(props.dockerfile);
    this.resourceAmounts = this.resources.amounts;

    const component = props.component ?? defaultComponent;
    const partOf = props.partOf ?? this.name;
    for (const [prop, v] of [['component', component], ['partOf', partOf]] as const) {
      if (typeof v !== 'string' || v === '' || !isLabelValue(v)) refuse(this, prop, v, 'a label value: at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit');
    }
    this.selectorLabels = { 'app.kubernetes.io/name': this.name, 'app.kubernetes.io/instance': this.name };
    this.labels = {
      ...this.selectorLabels,
      ...(isLabelValue(this.image.version) ? { 'app.kubernetes.io/version': this.image.version } : {}),
      'app.kubernetes.io/component': component,
      'app.kubernetes.io/part-of': partOf,
      'app.kubernetes.io/managed-by': 'cdk8s-prod',
    };

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: this.metadata(),
      automountServiceAccountToken: false,
    });

    if (this.resources.noCpuLimitReason !== undefined) {
      this.suppressForPods('cpu-limit', this.resources.noCpuLimitReason, 'resources.cpuLimit');
    }
    if (props.apiAccess !== undefined) {
      if (typeof props.apiAccess !== 'object' || props.apiAccess === null) refuse(this, 'apiAccess', props.apiAccess, '{ reason: "why the workload calls the Kubernetes API" }');
      this.suppressForPods('automount-service-account-token', props.apiAccess.reason, 'apiAccess.reason');
    }
  }

  private readDockerfile(file: unknown): DockerfileFacts {
    if (typeof file !== 'string' || file === '') refuse(this, 'dockerfile', file, 'the path of the Dockerfile that builds the image');
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      refuse(this, 'dockerfile', `${file} (${path.resolve(file)})`, 'the path of a readable Dockerfile', code === 'ENOENT' ? 'no such file' : code);
    }
    const df = parseDockerfile(text);
    // What `check` reports as an input error or skips must not pass the synth unjudged.
    if (df.parseError !== undefined) refuse(this, 'dockerfile', file, 'a Dockerfile the parser can read', df.parseError);
    if (!df.final) refuse(this, 'dockerfile', file, 'a Dockerfile with a FROM instruction', 'it builds no image');
    const source: DockerfileSource = { file: path.relative(process.cwd(), path.resolve(file)) || file, text };
    (this as unknown as Record<symbol, DockerfileSource>)[DOCKERFILE_SOURCE] = source;
    return inspectDockerfile(df);
  }

  /**
   * The namespace prop, else the enclosing QuotaNamespace's, else the Chart's; nothing we emit
   * lands in `default` or without a namespace.
   */
  private resolveNamespace(given: string | undefined): string {
    let enclosing: string | undefined;
    for (let s: IConstruct | undefined = this.node.scope; s && enclosing === undefined; s = s.node.scope) {
      enclosing = (s as unknown as Record<symbol, string | undefined>)[NAMESPACE_SCOPE];
    }
    if (given !== undefined) {
      const ns = checkNamespace(this, 'namespace', given);
      if (enclosing !== undefined && enclosing !== ns) {
        refuse(this, 'namespace', given, `"${enclosing}" or nothing: the workload is placed in QuotaNamespace "${enclosing}"`);
      }
      return ns;
    }
    if (enclosing !== undefined) return enclosing;
    const fromChart = Chart.of(this).namespace;
    if (fromChart === undefined) {
      refuse(this, 'namespace', undefined, 'a namespace: place the workload in a QuotaNamespace, in a Chart with a namespace, or set namespace (nothing is emitted without one, so nothing lands in "default")');
    }
    return checkNamespace(this, 'namespace (from the Chart)', fromChart);
  }

  /** Metadata for an object of this workload. */
  protected metadata(extra: { annotations?: Record<string, string> } = {}): k8s.ObjectMeta {
    return {
      name: this.name,
      namespace: this.namespace,
      labels: { ...this.labels },
      ...(extra.annotations ? { annotations: extra.annotations } : {}),
    };
  }

  /** A reasoned suppression that comes from a prop: a bad reason is a bad prop value. */
  protected suppressForPods(rule: RuleId, reason: unknown, prop: string): void {
    try {
      Suppressions.add(this, rule, reason as string);
    } catch (e) {
      refuse(this, prop, reason, 'a sentence saying why (it is recorded as the suppression of a rule)', (e as Error).message.replace(/^.*?needs a reason: /, ''));
    }
  }

  /** The pod template: labels, annotations and a compliant pod spec around one container. */
  protected buildPodTemplate(containerName: string, container: ContainerParts, pod: PodParts = {}): k8s.PodTemplateSpec {
    const props = this.props;
    const sec = props.podSecurity ?? {};
    if (typeof sec !== 'object' || sec === null) refuse(this, 'podSecurity', sec, '{ user, group, fsGroup }');
    const why = '0 is root';
    // A numeric non-root USER in the Dockerfile is the image's own choice: keep it as the default.
    const image = this.dockerfileFacts?.user;
    const imageUid = image?.uid !== undefined && image.uid > 0 ? image.uid : undefined;
    const imageGid = image?.gid !== undefined && image.gid > 0 ? image.gid : imageUid;
    const user = sec.user === undefined ? imageUid ?? DEFAULT_UID : checkInteger(this, 'podSecurity.user', sec.user, 1, 2147483647, why);
    const group = sec.group === undefined ? imageGid ?? DEFAULT_UID : checkInteger(this, 'podSecurity.group', sec.group, 1, 2147483647, why);
    const fsGroup = sec.fsGroup === undefined ? group : checkInteger(this, 'podSecurity.fsGroup', sec.fsGroup, 1, 2147483647, why);

    let annotations: Record<string, string> | undefined;
    if (props.imageInit !== undefined) {
      if (!IMAGE_INITS.includes(props.imageInit)) refuse(this, 'imageInit', props.imageInit, `one of ${IMAGE_INITS.map((i) => `"${i}"`).join(', ')}`);
    }
    const init = props.imageInit ?? this.dockerfileFacts?.init;
    if (init !== undefined) annotations = { [INIT_ANNOTATION]: init };

    const { volumes, mounts } = this.writableVolumes();
    const add = this.podAdditions();
    const env = [...(props.env !== undefined ? this.renderEnv(props.env) : []), ...(add.env ?? [])];
    const envNames = new Set<string>();
    for (const e of env) {
      if (envNames.has(e.name)) refuse(this, 'env', e.name, 'each environment variable once (env, settings and secrets share one namespace)');
      envNames.add(e.name);
    }
    const podSpec: k8s.PodSpec = {
      serviceAccountName: this.serviceAccount.name,
      automountServiceAccountToken: props.apiAccess !== undefined,
      ...(init === undefined ? { shareProcessNamespace: true } : {}),
      securityContext: {
        runAsNonRoot: true,
        runAsUser: user,
        runAsGroup: group,
        fsGroup,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      ...(pod.restartPolicy ? { restartPolicy: pod.restartPolicy } : {}),
      ...(pod.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds } : {}),
      ...(pod.topologySpreadConstraints ? { topologySpreadConstraints: pod.topologySpreadConstraints } : {}),
      ...(pod.affinity ? { affinity: pod.affinity } : {}),
      ...(pod.nodeSelector ? { nodeSelector: pod.nodeSelector } : {}),
      ...(pod.tolerations ? { tolerations: pod.tolerations } : {}),
      ...(pod.priorityClassName ? { priorityClassName: pod.priorityClassName } : {}),
      containers: [{
        name: containerName,
        image: this.image.ref,
        imagePullPolicy: this.image.pullPolicy,
        ...(props.command !== undefined ? { command: this.stringList('command', props.command) } : {}),
        ...(props.args !== undefined ? { args: this.stringList('args', props.args) } : {}),
        ...(env.length ? { env } : {}),
        ...(add.envFrom?.length ? { envFrom: add.envFrom } : {}),
        ...(container.ports?.length ? { ports: container.ports } : {}),
        ...(container.livenessProbe ? { livenessProbe: container.livenessProbe } : {}),
        ...(container.readinessProbe ? { readinessProbe: container.readinessProbe } : {}),
        ...(container.startupProbe ? { startupProbe: container.startupProbe } : {}),
        ...(container.lifecycle ? { lifecycle: container.lifecycle } : {}),
        resources: this.resources.requirements,
        securityContext: containerSecurityContext(),
        volumeMounts: [...mounts, ...(add.mounts ?? []), ...(container.volumeMounts ?? [])],
      }, ...(pod.sidecars ?? [])],
      volumes: [...volumes, ...(add.volumes ?? []), ...(pod.volumes ?? [])],
    };
    const allAnnotations = { ...annotations, ...pod.annotations };
    const metadataAnnotations = Object.keys(allAnnotations).length ? { annotations: allAnnotations } : {};
    return { metadata: { labels: { ...this.labels }, ...metadataAnnotations }, spec: podSpec };
  }

  /**
   * Volumes, mounts and environment a subclass adds. It runs while the base constructor builds
   * the pod, so it may read `this.props` and create children, but not the subclass's own fields.
   */
  protected podAdditions(): PodAdditions {
    return {};
  }

  /** The workload's NetworkPolicy: the ingress it declares (none by default), DNS and its declared egress. */
  protected createNetworkPolicy(ingress: k8s.NetworkPolicyIngressRule[]): k8s.KubeNetworkPolicy {
    return new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: this.metadata(),
      spec: {
        podSelector: { matchLabels: { ...this.selectorLabels } },
        policyTypes: ['Ingress', 'Egress'],
        ...(ingress.length ? { ingress } : {}),
        egress: renderEgress(this, 'egress', this.props.egress ?? []),
      },
    });
  }

  /** The emptyDirs of /tmp and of each declared writable path. */
  /** The checked writable paths (/tmp first): a subclass checks its own mounts against them before the pod is built. */
  protected checkedWritablePaths(): string[] {
    return this.writableVolumes().mounts.map((m) => m.mountPath);
  }

  private writableVolumes(): { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] } {
    if (this.writableCache) return { volumes: [...this.writableCache.volumes], mounts: [...this.writableCache.mounts] };
    const props = this.props;
    const tmp = props.tmpSizeLimit ?? DEFAULT_TMP;
    checkQuantity(this, 'tmpSizeLimit', tmp, 'storage');
    const volumes: k8s.Volume[] = [{ name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString(tmp) } }];
    const mounts: k8s.VolumeMount[] = [{ name: 'tmp', mountPath: '/tmp' }];
    const paths = props.writablePaths ?? [];
    if (!Array.isArray(paths)) refuse(this, 'writablePaths', paths, 'a list of absolute paths or { path, sizeLimit }');
    const seen: string[] = ['/tmp'];
    paths.forEach((entry, i) => {
      const prop = `writablePaths[${i}]`;
      const wp: WritablePath = typeof entry === 'string' ? { path: entry } : entry;
      const p = checkWritablePath(this, prop, wp?.path);
      for (const other of seen) {
        if (pathsOverlap(p, other)) {
          refuse(this, prop, p, `a path apart from the other writable paths and /tmp (it ${p === other ? 'repeats' : 'overlaps'} ${other})`);
        }
      }
      seen.push(p);
      const size = orDefault(this, `${prop}.sizeLimit`, wp.sizeLimit, DEFAULT_TMP);
      checkQuantity(this, `${prop}.sizeLimit`, size, 'storage');
      const volumeName = `writable-${i}`;
      volumes.push({ name: volumeName, emptyDir: { sizeLimit: k8s.Quantity.fromString(size) } });
      mounts.push({ name: volumeName, mountPath: p });
    });
    this.writableCache = { volumes, mounts };
    return { volumes: [...volumes], mounts: [...mounts] };
  }

  /** Paths declared writable (for ConfiguredApp's check that config does not cover them). */
  public get writablePaths(): string[] {
    return ['/tmp', ...(this.props.writablePaths ?? []).map((e) => (typeof e === 'string' ? e : e.path))];
  }

  private stringList(prop: 'command' | 'args', list: unknown): string[] {
    if (!Array.isArray(list) || list.some((s) => typeof s !== 'string')) refuse(this, prop, list, 'a list of strings');
    if (prop === 'command' && list.length === 0) refuse(this, prop, list, 'a non-empty list (leave it out to keep the image\'s ENTRYPOINT)');
    return [...list];
  }

  private renderEnv(env: Record<string, string>): k8s.EnvVar[] {
    const values = checkStringMap(this, 'env', env, true);
    return Object.keys(values).sort().map((key) => {
      const prop = `env.${key}`;
      if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) refuse(this, `env["${key}"]`, key, 'a variable name of letters, digits, \'_\', \'-\' and \'.\', not starting with a digit');
      const value = values[key];
      const secret = literalSecretProblem(key, value);
      if (secret) refuse(this, prop, '<redacted>', 'no literal secrets: reference a Secret instead (ConfiguredApp secrets, mounted as files)', `${secret} (rule env-secret-literal)`);
      return { name: key, value };
    });
  }
}

/** A path the workload may write to: absolute, normalised, not over the image's system, not /tmp, not a log folder. */
export function checkWritablePath(scope: IConstruct, prop: string, p: unknown): string {
  const allowed = 'an absolute, normalised path outside the image\'s system folders, e.g. "/var/cache/app"';
  if (!isNormalAbsolutePath(p)) refuse(scope, prop, p, allowed);
  if (writableMountCoversSystem(p)) refuse(scope, prop, p, allowed, 'it would cover the image\'s own files');
  if (p === '/tmp') refuse(scope, prop, p, `another path: /tmp is always writable (size it with tmpSizeLimit)`);
  if (p.split('/').some((seg) => /^logs?$/i.test(seg))) {
    refuse(scope, prop, p, 'no log folders: write logs to stdout and stderr, where the platform collects and rotates them (pattern 5)');
  }
  return p;
}

/** The ApiObjects of a workload, for tests and escape hatches. */
export function apiObjectsOf(c: IConstruct): ApiObject[] {
  return c.node.findAll().filter((x): x is ApiObject => x instanceof ApiObject);
}
