import { pinIssue } from '../k8s/image-ref';
import { literalSecretProblem } from '../secrets/secret-patterns';
import { INIT_ANNOTATION, PROXIED_PORT_ANNOTATION, SUPPRESS_PREFIX } from '../k8s/annotations';
import { K8sObject, PodTemplate, getIn, isRecord, nameOf } from '../k8s/manifest';
import { Code, Decision, Value, str } from './code';

/*
 * A pod template as the props of the workload constructs: the container, its resources, probes,
 * ports, writable paths, configuration and secrets, and the pod's identity. What the props cannot
 * say is a gap (the object stays raw), a decision (a prop a person must choose), or a note (a
 * difference between the input and what the construct writes, named in the summary).
 */

/** Where a workload's pod gets its configuration (ConfiguredApp). */
export interface PodConfig {
  /** The ConfigMap mounted as the configuration folder. */
  files?: { readonly name: string; readonly mountPath: string };
  /** The ConfigMap of environment settings. */
  settings?: { readonly name: string };
  readonly secrets: Array<{ name: string; mountPath?: string; variables: Record<string, string> }>;
}

export interface PodProps {
  readonly props: Record<string, Value>;
  readonly config: PodConfig;
  /** Why the pod cannot be a construct's; empty when it can. */
  readonly gaps: string[];
  readonly notes: string[];
  /** Container port numbers by the names the props give them. */
  readonly portNames: Map<number, string>;
  /** The sidecar our proxy construct wrote, when there is one. */
  readonly proxy?: Record<string, any>;
}

const DEFAULT_UID = 10001;
const NON_ROOT_PORT = 1024;

export function suppressionsOf(obj: { metadata?: { annotations?: Record<string, unknown> } } | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj?.metadata?.annotations ?? {})) {
    if (k.startsWith(SUPPRESS_PREFIX) && typeof v === 'string') out.set(k.slice(SUPPRESS_PREFIX.length), v);
  }
  return out;
}

/** Seconds as the Duration that says them. */
export function durationCode(seconds: number): Code {
  if (seconds > 0 && seconds % 3600 === 0) return new Code(`Duration.hours(${seconds / 3600})`);
  if (seconds > 0 && seconds % 60 === 0) return new Code(`Duration.minutes(${seconds / 60})`);
  return new Code(`Duration.seconds(${seconds})`);
}

function quantityText(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The workload's props shared by every construct (WorkloadProps and, for servers, ports and probes). */
export function podProps(obj: K8sObject, pod: PodTemplate, options: { server: boolean; defaultComponent: string }): PodProps {
  const where = `${obj.kind}/${nameOf(obj)}`;
  const gaps: string[] = [];
  const notes: string[] = [];
  const props: Record<string, Value> = {};
  const spec = pod.spec;
  const podAnnotations = getIn(obj, [...pod.metadataPath, 'annotations']) ?? {};
  const allContainers = Array.isArray(spec.containers) ? spec.containers.filter(isRecord) : [];
  const proxy = allContainers.find((c) => c.name === 'proxy' && isRecord(podAnnotations) && typeof podAnnotations[PROXIED_PORT_ANNOTATION] === 'string');
  const containers = allContainers.filter((c) => c !== proxy);
  if (containers.length !== 1) gaps.push(`${where} runs ${containers.length} app containers; the constructs run one`);
  if (Array.isArray(spec.initContainers) && spec.initContainers.length) gaps.push(`${where} has init containers, which the constructs do not make`);
  const c = containers[0] ?? {};
  const suppressed = new Map([...suppressionsOf(obj), ...suppressionsOf({ metadata: getIn(obj, pod.metadataPath) })]);

  props.name = nameOf(obj);
  const image = typeof c.image === 'string' ? c.image : undefined;
  const pin = image === undefined ? undefined : pinIssue(image);
  const pinRule = { malformed: 'image-tag-required', untagged: 'image-tag-required', latest: 'image-not-latest', moving: 'image-moving-tag' };
  props.image = image === undefined ? new Decision('image-tag-required', `${where} names no image`)
    : pin ? new Decision(pinRule[pin.kind], `${where}: ${pin.message}; which version does it run (a version tag or a digest)?`) : image;
  if (Array.isArray(c.command)) props.command = c.command.map(String);
  if (Array.isArray(c.args)) props.args = c.args.map(String);

  // Environment: plain values; Secrets by reference (ConfiguredApp); anything else is a gap.
  const env: Record<string, Value> = {};
  const config: PodConfig = { secrets: [] };
  const secretOf = (name: string) => {
    let s = config.secrets.find((x) => x.name === name);
    if (!s) config.secrets.push(s = { name, variables: {} });
    return s;
  };
  for (const e of Array.isArray(c.env) ? c.env : []) {
    if (!isRecord(e) || typeof e.name !== 'string') continue;
    if (e.valueFrom === undefined) {
      const value = typeof e.value === 'string' ? e.value : '';
      // A literal secret is never copied into the code: it would live in the app's source.
      const secret = literalSecretProblem(e.name, value);
      env[e.name] = secret === undefined ? value
        : new Decision('env-secret-literal', `${where}: env ${e.name} holds a literal secret (${secret}); put it in a Secret and reference it in secrets`);
      continue;
    }
    const ref = getIn(e, ['valueFrom', 'secretKeyRef']);
    if (isRecord(ref) && typeof ref.name === 'string' && typeof ref.key === 'string') secretOf(ref.name).variables[e.name] = ref.key;
    else gaps.push(`${where}: env ${e.name} comes from ${Object.keys(e.valueFrom ?? {}).join(', ') || 'a valueFrom'}, which the constructs do not write`);
  }
  if (Object.keys(env).length) props.env = env;
  const names = Object.keys(env);
  if (names.join('\n') !== [...names].sort().join('\n')) notes.push(`${where}: its environment variables are written in name order`);
  for (const f of Array.isArray(c.envFrom) ? c.envFrom : []) {
    const cm = getIn(f, ['configMapRef', 'name']);
    if (typeof cm === 'string' && !config.settings && getIn(f, ['prefix']) === undefined) config.settings = { name: cm };
    else gaps.push(`${where}: envFrom ${JSON.stringify(f)} has no construct form (one ConfigMap of settings, without a prefix)`);
  }

  // Resources: each of the four values, or the decision its rule asks for.
  const res = isRecord(c.resources) ? c.resources : {};
  const cpu = quantityText(getIn(res, ['requests', 'cpu']));
  const memory = quantityText(getIn(res, ['requests', 'memory']));
  const memoryLimit = quantityText(getIn(res, ['limits', 'memory']));
  const cpuLimit = quantityText(getIn(res, ['limits', 'cpu']));
  const noCpuLimit = suppressed.get('cpu-limit');
  props.resources = {
    cpu: cpu ?? new Decision('cpu-request', `${where} requests no CPU; how much does one pod need?`),
    memory: memory ?? new Decision('memory-request', `${where} requests no memory; how much does one pod need?`),
    memoryLimit: memoryLimit ?? new Decision('memory-limit', `${where} has no memory limit; the most one pod may use before it is OOM-killed`),
    cpuLimit: cpuLimit !== undefined ? new Code(`CpuLimit.of(${str(cpuLimit)})`)
      : noCpuLimit !== undefined ? new Code(`CpuLimit.none(${str(noCpuLimit)})`)
        : new Decision('cpu-limit', `${where} has no CPU limit: CpuLimit.of('<cores>'), or CpuLimit.none('<why it may use idle CPU>')`),
  };

  // The pod's identity: non-root numbers; root or none is what the construct fixes.
  const sec = isRecord(spec.securityContext) ? spec.securityContext : {};
  const csec = isRecord(c.securityContext) ? c.securityContext : {};
  const user = csec.runAsUser ?? sec.runAsUser;
  const group = csec.runAsGroup ?? sec.runAsGroup;
  const fsGroup = sec.fsGroup;
  const podSecurity: Record<string, Value> = {};
  if (typeof user === 'number' && user > 0 && user !== DEFAULT_UID) podSecurity.user = user;
  // The construct's defaults: group 10001 whatever the user, fsGroup the group.
  if (typeof group === 'number' && group > 0 && group !== DEFAULT_UID) podSecurity.group = group;
  if (typeof fsGroup === 'number' && fsGroup > 0 && fsGroup !== (podSecurity.group ?? DEFAULT_UID)) podSecurity.fsGroup = fsGroup;
  if (Object.keys(podSecurity).length) props.podSecurity = podSecurity;
  if (!(typeof user === 'number' && user > 0)) notes.push(`${where}: runs as user ${typeof user === 'number' ? user : '(the image\'s)'} in the input; the construct runs it as ${podSecurity.user ?? DEFAULT_UID} (an image that needs root will fail)`);
  const init = isRecord(podAnnotations) ? podAnnotations[INIT_ANNOTATION] : undefined;
  if (typeof init === 'string') props.imageInit = init;

  // Volumes: emptyDirs are writable paths; a ConfigMap is the configuration; Secrets by reference.
  const volumeList = Array.isArray(spec.volumes) ? spec.volumes.filter(isRecord) : [];
  const volumes = new Map<string, Record<string, any>>(volumeList.map((v) => [String(v.name), v]));
  const writable: Value[] = [];
  for (const m of Array.isArray(c.volumeMounts) ? c.volumeMounts.filter(isRecord) : []) {
    const v = volumes.get(String(m.name));
    const mountPath = String(m.mountPath);
    if (!v) continue; // a StatefulSet's claim: its construct maps it.
    if (m.subPath !== undefined || m.subPathExpr !== undefined) {
      gaps.push(`${where}: volume ${m.name} is mounted with a subPath, which the constructs do not write`);
      continue;
    }
    if (isRecord(v.emptyDir)) {
      const size = quantityText(v.emptyDir.sizeLimit);
      if (v.emptyDir.medium === 'Memory') notes.push(`${where}: the emptyDir at ${mountPath} was in memory; the construct's is on disk`);
      if (mountPath === '/tmp') {
        props.tmpSizeLimit = size ?? new Decision('emptydir-size-limit', `${where}: /tmp has no size limit; the most it may hold before the pod is evicted`);
      } else {
        writable.push({ path: mountPath, sizeLimit: size ?? new Decision('emptydir-size-limit', `${where}: the emptyDir at ${mountPath} has no size limit; the most it may hold`) });
      }
    } else if (isRecord(v.configMap) && typeof v.configMap.name === 'string' && !config.files && v.configMap.items === undefined) {
      config.files = { name: v.configMap.name, mountPath };
    } else if (isRecord(v.secret) && typeof v.secret.secretName === 'string' && v.secret.items === undefined) {
      secretOf(v.secret.secretName).mountPath = mountPath;
    } else {
      gaps.push(`${where}: volume ${m.name} (${Object.keys(v).filter((k) => k !== 'name').join(', ')}) has no place in the constructs' pods`);
    }
  }
  if (!volumes.size || ![...volumes.values()].some((v) => isRecord(v.emptyDir) && (c.volumeMounts ?? []).some((m: any) => m?.name === v.name && m.mountPath === '/tmp'))) {
    notes.push(`${where}: the construct adds a writable /tmp (an emptyDir of ${props.tmpSizeLimit ?? '64Mi'}) under its read-only root filesystem`);
  }
  if (writable.length) props.writablePaths = writable;

  // The ServiceAccount token: off unless the workload says why it calls the API.
  const automount = spec.automountServiceAccountToken;
  if (automount === true) {
    const reason = suppressed.get('automount-service-account-token');
    props.apiAccess = { reason: reason ?? new Decision('automount-service-account-token', `${where} mounts its ServiceAccount token; say why it calls the Kubernetes API, or remove apiAccess`) };
  } else if (automount === undefined) {
    notes.push(`${where}: the input mounts the ServiceAccount token (the default); the construct does not (set apiAccess if the workload calls the API)`);
  }

  const labels = pod.labels;
  const partOf = labels['app.kubernetes.io/part-of'] ?? getIn(obj, ['metadata', 'labels', 'app.kubernetes.io/part-of']);
  if (typeof partOf === 'string' && partOf !== nameOf(obj)) props.partOf = partOf;
  const component = labels['app.kubernetes.io/component'] ?? getIn(obj, ['metadata', 'labels', 'app.kubernetes.io/component']);
  if (typeof component === 'string' && component !== options.defaultComponent) props.component = component;

  // Ports: named, at or above 1024; their Service ports come from the construct's Service.
  const portNames = new Map<number, string>();
  if (options.server) {
    const ports: Value[] = [];
    for (const p of Array.isArray(c.ports) ? c.ports.filter(isRecord) : []) {
      const n = p.containerPort;
      if (typeof n !== 'number') continue;
      const name = typeof p.name === 'string' ? p.name : `port-${n}`;
      if (typeof p.name !== 'string') notes.push(`${where}: container port ${n} had no name; it is named "${name}"`);
      portNames.set(n, name);
      const protocol = p.protocol === 'UDP' ? 'UDP' : undefined;
      if (p.protocol === 'SCTP') gaps.push(`${where}: port ${n} is SCTP, which the constructs do not declare`);
      if (p.hostPort !== undefined) notes.push(`${where}: hostPort ${p.hostPort} is dropped (rule no-host-port)`);
      ports.push({
        name,
        port: n >= NON_ROOT_PORT ? n : new Decision('run-as-non-root', `${where} listens on port ${n}; a non-root container binds 1024 or above: which port does the image listen on?`),
        ...(protocol ? { protocol } : {}),
      });
    }
    if (ports.length) props.ports = ports;
    const container = c;
    const probe = (field: string, rule: string, why: string): Value => {
      const p = container[field];
      if (!isRecord(p)) return new Decision(rule, why);
      return probeCode(p, portNames, `${where} ${field}`);
    };
    props.liveness = probe('livenessProbe', 'liveness-probe', `${where} has no liveness probe; what tells that the process is broken (pattern 4)?`);
    props.readiness = probe('readinessProbe', 'readiness-probe', `${where} has no readiness probe; what tells that it can serve (pattern 8)?`);
    if (isRecord(c.startupProbe)) props.startup = probe('startupProbe', 'startup-port', '');
    if (isRecord(c.livenessProbe) && isRecord(c.readinessProbe) && sameHandler(c.livenessProbe, c.readinessProbe)) {
      props.readiness = new Decision('probes-distinct', `${where}: readiness checks what liveness checks; a liveness probe that fails when the pod is busy restarts healthy pods`);
    }
    const grace = spec.terminationGracePeriodSeconds;
    if (typeof grace === 'number' && grace !== 30) props.terminationGracePeriod = durationCode(grace);
    const preStop = getIn(c, ['lifecycle', 'preStop', 'exec', 'command']);
    if (Array.isArray(preStop) && preStop.length === 2 && preStop[0] === 'sleep' && /^\d+$/.test(String(preStop[1]))) {
      props.preStopDelay = durationCode(Number(preStop[1]));
    } else if (getIn(c, ['lifecycle']) !== undefined) {
      notes.push(`${where}: the lifecycle hooks ${JSON.stringify(c.lifecycle)} are dropped (the constructs write a preStop sleep only)`);
    }
  } else {
    for (const p of ['livenessProbe', 'readinessProbe', 'startupProbe']) if (c[p] !== undefined) notes.push(`${where}: its ${p} is dropped (batch pods have none)`);
    if (Array.isArray(c.ports) && c.ports.length) notes.push(`${where}: its container ports are dropped (batch pods serve nothing)`);
  }
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[f] === true) notes.push(`${where}: ${f} is dropped (hard core)`);
  if (spec.nodeSelector !== undefined && obj.kind !== 'DaemonSet') notes.push(`${where}: its nodeSelector is dropped (the constructs spread pods instead)`);
  if (spec.tolerations !== undefined && obj.kind !== 'DaemonSet') notes.push(`${where}: its tolerations are dropped`);
  return { props, config, gaps, notes, portNames, ...(proxy ? { proxy } : {}) };
}

function sameHandler(a: Record<string, any>, b: Record<string, any>): boolean {
  const handler = (p: Record<string, any>) => JSON.stringify(p.httpGet ?? p.tcpSocket ?? p.grpc ?? p.exec ?? null);
  return handler(a) === handler(b);
}

/** A Kubernetes probe as the Probe expression that makes it. */
export function probeCode(p: Record<string, any>, portNames: ReadonlyMap<number, string>, where: string): Value {
  const timing: string[] = [];
  const add = (field: string, prop: string, dflt: number, duration: boolean) => {
    const v = p[field];
    if (typeof v === 'number' && v !== dflt) timing.push(`${prop}: ${duration ? durationCode(v).text : v}`);
  };
  add('periodSeconds', 'period', 10, true);
  add('timeoutSeconds', 'timeout', 1, true);
  add('failureThreshold', 'failureThreshold', 3, false);
  if (typeof p.initialDelaySeconds === 'number') {
    if (p.initialDelaySeconds > 60) return new Decision('probe-initial-delay', `${where} waits ${p.initialDelaySeconds} s before its first check; use a startup probe instead of a long initial delay`);
    timing.push(`initialDelay: ${durationCode(p.initialDelaySeconds).text}`);
  }
  const portName = (port: unknown): string | Decision => {
    if (typeof port === 'string' && !/^\d+$/.test(port)) return port;
    const n = Number(port);
    const name = portNames.get(n);
    return name ?? new Decision('probe-port-named', `${where} checks port ${String(port)}, which the container does not declare`);
  };
  const withPort = (port: unknown, extra: string[] = []): string | Decision => {
    const name = portName(port);
    if (name instanceof Decision) return name;
    return `{ ${[`port: ${str(name)}`, ...extra, ...timing].join(', ')} }`;
  };
  const opts = timing.length ? `, { ${timing.join(', ')} }` : '';
  if (isRecord(p.httpGet)) {
    if (p.httpGet.scheme === 'HTTPS') return new Decision('liveness-probe', `${where} is an HTTPS probe; the constructs probe over HTTP, a TCP connect or gRPC`);
    const o = withPort(p.httpGet.port);
    return o instanceof Decision ? o : new Code(`Probe.http(${str(String(p.httpGet.path ?? '/'))}, ${o})`);
  }
  if (isRecord(p.tcpSocket)) {
    const o = withPort(p.tcpSocket.port);
    return o instanceof Decision ? o : new Code(`Probe.tcp(${o})`);
  }
  if (isRecord(p.grpc)) {
    const o = withPort(p.grpc.port, typeof p.grpc.service === 'string' ? [`service: ${str(p.grpc.service)}`] : []);
    return o instanceof Decision ? o : new Code(`Probe.grpc(${o})`);
  }
  if (isRecord(p.exec) && Array.isArray(p.exec.command)) return new Code(`Probe.exec([${p.exec.command.map((x: unknown) => str(String(x))).join(', ')}]${opts})`);
  return new Decision('liveness-probe', `${where} has a probe of no known kind`);
}
