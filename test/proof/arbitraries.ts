import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import {
  Autoscaling,
  BoundedCronJobProps,
  BoundedJobProps,
  ConfigFile,
  ConfiguredAppProps,
  ContainerImage,
  ContainerPort,
  ContainerResources,
  CpuLimit,
  EgressRule,
  Peer,
  Probe,
  ProductionDaemonSetProps,
  ProductionDeploymentProps,
  ProductionStatefulSetProps,
  QuotaNamespaceProps,
  SecretReference,
  SizeClass,
  Toleration,
  VolumeClaim,
  WorkloadProps,
  WritablePath,
} from '../../src';
import { minIntervalSeconds } from '../../src/k8s/cron';
import { movingTag } from '../../src/k8s/image-ref';

/*
 * Generators of VALID props for every construct, for the property tests. Each generator stays
 * inside what the construct documents as allowed, including its edges (63-character names,
 * registries with ports, digests, ports 1024 and 65535, durations at their bounds), and only
 * produces content that is safe by construction (no secret-looking names or values).
 */

const LOWER = 'abcdefghijklmnopqrstuvwxyz'.split('');
const DIGITS = '0123456789'.split('');
const ALNUM = [...LOWER, ...DIGITS];

/** A string of exactly `len` characters: first from `first`, last from `last`, the rest from `middle`. */
function shaped(len: number, first: string[], middle: string[], last: string[]): fc.Arbitrary<string> {
  if (len === 1) return fc.constantFrom(...first.filter((c) => last.includes(c)));
  return fc.tuple(
    fc.constantFrom(...first),
    fc.array(fc.constantFrom(...middle), { minLength: len - 2, maxLength: len - 2 }),
    fc.constantFrom(...last),
  ).map(([a, m, z]) => a + m.join('') + z);
}

/** Lengths biased towards the short end and the limit. */
function lengthUpTo(max: number, min = 1): fc.Arbitrary<number> {
  return fc.oneof(
    { arbitrary: fc.integer({ min, max: Math.min(max, min + 11) }), weight: 6 },
    { arbitrary: fc.integer({ min, max }), weight: 3 },
    { arbitrary: fc.constant(max), weight: 1 },
  );
}

/** A DNS-1035 label (a workload name). */
export function dns1035(max = 63): fc.Arbitrary<string> {
  return lengthUpTo(max).chain((n) => shaped(n, LOWER, [...ALNUM, '-'], ALNUM));
}

/** A DNS-1123 label that is not a reserved namespace. */
export function namespaceName(max = 63): fc.Arbitrary<string> {
  return lengthUpTo(max).chain((n) => shaped(n, ALNUM, [...ALNUM, '-'], ALNUM))
    .filter((s) => !['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(s));
}

/** A label value of 1–63 characters. */
export function labelValue(): fc.Arbitrary<string> {
  const chars = [...ALNUM, ...'ABCXYZ'.split('')];
  return lengthUpTo(63).chain((n) => shaped(n, chars, [...chars, '-', '_', '.'], chars));
}

// ---------------------------------------------------------------------------------------------
// images

const pathComponent = fc.tuple(
  fc.stringMatching(/^[a-z0-9]{1,8}$/),
  fc.array(fc.tuple(fc.constantFrom('.', '_', '__', '-', '--'), fc.stringMatching(/^[a-z0-9]{1,6}$/)), { maxLength: 2 }),
).map(([head, rest]) => head + rest.map(([s, c]) => s + c).join(''));

const hostName = fc.array(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/), { minLength: 2, maxLength: 4 }).map((parts) => parts.join('.'));

const registry: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  hostName,
  fc.tuple(hostName, fc.integer({ min: 1, max: 65535 })).map(([h, p]) => `${h}:${p}`),
  fc.constantFrom('localhost', 'localhost:5000', '10.1.2.3:5000', 'registry.example.com:5443', 'ghcr.io', 'docker.io'),
);

const tag = fc.oneof(
  fc.tuple(fc.nat(40), fc.nat(40), fc.nat(40)).map(([a, b, c]) => `${a}.${b}.${c}`),
  fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,40}$/),
  fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{100,127}$/),
)
  // A pinned tag names a build: not latest, not a moving tag (movingTag is what the rules and constructs use).
  .filter((t) => movingTag(t) === undefined);

/** Tags that move (latest in any case, channels, tags with no version): the constructs refuse them without a digest. */
export const movingTagArb = fc.oneof(
  fc.constantFrom('latest', 'LATEST', 'stable', 'mainline', 'edge', 'lts-alpine', 'bookworm', 'nonroot', 'main', '3.12-rc'),
  fc.stringMatching(/^[A-Za-z_][A-Za-z_.-]{0,20}$/).filter((t) => !/[0-9]/.test(t)),
);

const digest = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{64}$/).map((h) => `sha256:${h}`),
  fc.stringMatching(/^[0-9a-f]{128}$/).map((h) => `sha512:${h}`),
);

/** A pinned image reference: a tag that does not move, a digest, or both; with or without a registry and port. */
export const imageRef: fc.Arbitrary<string> = fc.tuple(
  registry,
  fc.array(pathComponent, { minLength: 1, maxLength: 3 }),
  fc.oneof(
    tag.map((t) => `:${t}`),
    digest.map((d) => `@${d}`),
    fc.tuple(tag, digest).map(([t, d]) => `:${t}@${d}`),
  ),
)
  // Without a registry, a first component with a "." would be read as one (as Docker does).
  .filter(([reg, parts]) => reg !== undefined || parts.length === 1 || (!parts[0].includes('.') && parts[0] !== 'localhost'))
  .map(([reg, parts, pin]) => `${reg ? `${reg}/` : ''}${parts.join('/')}${pin}`)
  .filter((ref) => ref.split(/[:@]/)[0].length <= 200);

export const image: fc.Arbitrary<string | ContainerImage> = fc.oneof(
  imageRef,
  imageRef.map((r) => ContainerImage.of(r)),
);

// ---------------------------------------------------------------------------------------------
// quantities and resources

/** A CPU amount in millicores, written in one of the forms Kubernetes reads. */
function cpuQuantity(milli: number): fc.Arbitrary<string> {
  const forms = [`${milli}m`];
  if (milli % 1000 === 0) forms.push(String(milli / 1000));
  if (milli % 100 === 0) forms.push(String(milli / 1000));
  if (milli % 1000 === 500) forms.push(`${Math.floor(milli / 1000)}.5`);
  if (milli < 1000 && milli % 100 === 0) forms.push(`.${milli / 100}`);
  return fc.constantFrom(...forms);
}

/** A memory amount in MiB, written in one of the forms Kubernetes reads. */
function memoryQuantity(mib: number): fc.Arbitrary<string> {
  const bytes = mib * 1024 * 1024;
  const forms = [`${mib}Mi`, String(bytes), `${mib * 1024}Ki`];
  if (mib % 1024 === 0) forms.push(`${mib / 1024}Gi`);
  if (bytes % 1e6 === 0) forms.push(`${bytes / 1e6}M`);
  if (bytes % 1000 === 0) forms.push(`${bytes / 1000}k`);
  if (mib % 1024 === 512) forms.push(`${(mib / 1024).toFixed(1)}Gi`);
  return fc.constantFrom(...forms);
}

const cpuMilli = fc.oneof(fc.integer({ min: 1, max: 4000 }), fc.constantFrom(1, 100, 250, 500, 1000, 1500, 2000));
const memMib = fc.oneof(fc.integer({ min: 1, max: 8192 }), fc.constantFrom(1, 64, 128, 256, 512, 1024, 1536, 2048));

export const reason = fc.constantFrom(
  'Latency-sensitive API; throttling costs more than a noisy neighbour.',
  'The vendor SDK reads its key only from the environment.',
  'A singleton leader that must never run twice at the same time.',
  'The operator reconciles its own custom resources through the API.',
);

export const customResources: fc.Arbitrary<ContainerResources> = fc.tuple(cpuMilli, fc.nat(4000), memMib, fc.nat(8192), fc.boolean())
  .chain(([cpu, cpuExtra, mem, memExtra, withCpuLimit]) => fc.record({
    cpu: cpuQuantity(cpu),
    memory: memoryQuantity(mem),
    memoryLimit: memoryQuantity(mem + memExtra),
    cpuLimit: withCpuLimit ? cpuQuantity(cpu + cpuExtra).map((q) => CpuLimit.of(q)) : reason.map((r) => CpuLimit.none(r)),
  }));

export const sizeClass: fc.Arbitrary<SizeClass> = fc.constantFrom('nano', 'small', 'medium', 'large', 'xlarge');
export const resources: fc.Arbitrary<ContainerResources | SizeClass> = fc.oneof(sizeClass, customResources);

/** A storage size limit (MiB to GiB). */
export const storageQuantity: fc.Arbitrary<string> = fc.integer({ min: 1, max: 65536 }).chain(memoryQuantity);

// ---------------------------------------------------------------------------------------------
// durations

/** A Duration of exactly `seconds`, written in the largest unit that divides it. */
export function durationOf(seconds: number): fc.Arbitrary<Duration> {
  const forms = [Duration.seconds(seconds)];
  if (seconds % 60 === 0) forms.push(Duration.minutes(seconds / 60));
  if (seconds % 3600 === 0) forms.push(Duration.hours(seconds / 3600));
  if (seconds % 86400 === 0) forms.push(Duration.days(seconds / 86400));
  forms.push(Duration.millis(seconds * 1000));
  return fc.constantFrom(...forms);
}

export function duration(minSeconds: number, maxSeconds: number): fc.Arbitrary<Duration> {
  return fc.oneof(
    fc.integer({ min: minSeconds, max: maxSeconds }),
    fc.constantFrom(minSeconds, maxSeconds),
  ).chain(durationOf);
}

// ---------------------------------------------------------------------------------------------
// safe content: names and values no secret heuristic can take for a secret

const WORDS = ['LOG', 'LEVEL', 'MODE', 'REGION', 'FEATURE', 'CACHE', 'SIZE', 'APP', 'WORKERS', 'LISTEN', 'LOCALE', 'COLOR', 'THEME', 'QUEUE', 'BATCH', 'RETRIES'];

/** An environment variable name made of harmless words, with a prefix that keeps the sources apart. */
export function envName(prefix: string): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map((w) => `${prefix}_${w.join('_')}`);
}

/** A value without '=', '@', ':' or upper-case runs: nothing a secret pattern matches. */
export const safeValue: fc.Arbitrary<string> = fc.stringMatching(/^[a-z0-9 ._/-]{0,40}$/);

export function envMap(prefix: string, max = 4): fc.Arbitrary<Record<string, string>> {
  return fc.uniqueArray(fc.tuple(envName(prefix), safeValue), { selector: ([k]) => k, maxLength: max })
    .map((pairs) => Object.fromEntries(pairs));
}

const CONFIG_KEYS = ['listen', 'workers', 'region', 'feature_flags', 'cache_size', 'log_level', 'locale', 'theme', 'queue', 'batch_size'];

/** A config file of `key: value` lines with harmless keys and values. */
export const configText: fc.Arbitrary<string> = fc.array(fc.tuple(fc.constantFrom(...CONFIG_KEYS), safeValue), { maxLength: 8 })
  .map((lines) => lines.map(([k, v]) => `${k}: ${v}`).join('\n') + (lines.length ? '\n' : ''));

const fileName = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9_-]{0,12}$/), fc.constantFrom('.yaml', '.json', '.conf', '.properties', '.toml', ''))
  .map(([b, e]) => b + e);

// ---------------------------------------------------------------------------------------------
// workload parts

const segment = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/).filter((s) => !/^logs?$/.test(s));
const WRITABLE_PREFIXES = ['/data', '/cache', '/scratch', '/var/cache', '/var/tmp', '/workspace', '/srv/data'];

export const writablePaths: fc.Arbitrary<Array<string | WritablePath>> = fc.uniqueArray(
  fc.tuple(fc.constantFrom(...WRITABLE_PREFIXES), segment).map(([p, s]) => `${p}/${s}`),
  { maxLength: 3 },
).chain((paths) => fc.tuple(...paths.map((p) => fc.oneof(
  fc.constant<string | WritablePath>(p),
  fc.constant<string | WritablePath>({ path: p }),
  storageQuantity.map((q): string | WritablePath => ({ path: p, sizeLimit: q })),
))));

const octet = fc.integer({ min: 0, max: 255 });
export const peer: fc.Arbitrary<Peer> = fc.oneof(
  fc.constant(Peer.sameNamespace()),
  fc.dictionary(fc.constantFrom('app', 'team', 'app.kubernetes.io/name', 'tier'), labelValue(), { minKeys: 1, maxKeys: 2 }).map((l) => Peer.pods(l)),
  fc.tuple(namespaceName(30), fc.option(fc.dictionary(fc.constantFrom('app', 'role'), labelValue(), { minKeys: 1, maxKeys: 2 }), { nil: undefined }))
    .map(([ns, labels]) => Peer.namespace(ns, labels)),
  fc.tuple(octet, octet, fc.boolean()).map(([a, b, withExcept]) => Peer.cidr(`${a}.${b}.0.0/16`, withExcept ? [`${a}.${b}.${b}.0/24`] : [])),
  fc.tuple(octet, octet, octet, octet, fc.integer({ min: 0, max: 32 })).map(([a, b, c, d, n]) => {
    // The canonical network of the address at prefix n.
    const ip = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
    const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
    const net = (ip & mask) >>> 0;
    return Peer.cidr(`${net >>> 24}.${(net >>> 16) & 255}.${(net >>> 8) & 255}.${net & 255}/${n}`);
  }),
);

export const egress: fc.Arbitrary<EgressRule[]> = fc.array(fc.record({
  to: peer,
  ports: fc.array(fc.record({ port: fc.integer({ min: 1, max: 65535 }), protocol: fc.constantFrom<'TCP' | 'UDP' | undefined>('TCP', 'UDP', undefined) }, { requiredKeys: ['port'] }), { minLength: 1, maxLength: 3 }),
}), { maxLength: 3 });

const podId = fc.oneof(fc.integer({ min: 1, max: 2147483647 }), fc.constantFrom(1, 101, 1000, 10001, 65534, 2147483647));

/** Props every workload construct takes. `nameMax`: the longest name the construct may emit. */
export function workloadProps(nameMax = 63): fc.Arbitrary<WorkloadProps> {
  return fc.record({
    name: dns1035(nameMax),
    image,
    resources,
    command: fc.array(fc.stringMatching(/^[a-z0-9/._-]{1,20}$/), { minLength: 1, maxLength: 3 }),
    args: fc.array(safeValue, { maxLength: 4 }),
    env: envMap('APP'),
    podSecurity: fc.record({ user: podId, group: podId, fsGroup: podId }, { requiredKeys: [] }),
    imageInit: fc.constantFrom<WorkloadProps['imageInit']>('tini', 'dumb-init', 'catatonit', 's6-overlay'),
    writablePaths,
    tmpSizeLimit: storageQuantity,
    apiAccess: reason.map((r) => ({ reason: r })),
    partOf: labelValue(),
    component: labelValue(),
    egress,
  }, { requiredKeys: ['image', 'resources'] });
}

// ---------------------------------------------------------------------------------------------
// ProductionDeployment

const portName = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/).filter((n) => /[a-z]/.test(n) && !n.includes('--'));

export const containerPorts: fc.Arbitrary<ContainerPort[]> = fc.uniqueArray(
  fc.record({
    name: portName,
    port: fc.oneof(fc.integer({ min: 1024, max: 65535 }), fc.constantFrom(1024, 8080, 9090, 65535)),
    protocol: fc.constantFrom<'TCP' | 'UDP' | undefined>('TCP', 'UDP', undefined),
  }, { requiredKeys: ['name', 'port'] }),
  { selector: (p) => p.name, maxLength: 4 },
).filter((ports) => new Set(ports.map((p) => `${p.port}/${p.protocol ?? 'TCP'}`)).size === ports.length)
  // Distinct Service ports per protocol (the API server refuses duplicates): port 1–65535.
  .chain((ports) => fc.tuple(...ports.map((p, i) => fc.oneof(
    fc.constant<ContainerPort>(p),
    fc.constant<ContainerPort>({ ...p, servicePort: i + 1 }),
    fc.constant<ContainerPort>({ ...p, servicePort: 80 + i }),
    fc.constant<ContainerPort>({ ...p, servicePort: 65535 - i }),
  ))))
  .filter((ports) => new Set(ports.map((p) => `${p.servicePort ?? p.port}/${p.protocol ?? 'TCP'}`)).size === ports.length);

const timing = fc.record({
  period: duration(1, 3600),
  timeout: duration(1, 600),
  failureThreshold: fc.integer({ min: 1, max: 100 }),
  initialDelay: duration(0, 60),
}, { requiredKeys: [] });

const healthPath = fc.array(fc.stringMatching(/^[a-z0-9._-]{1,10}$/), { maxLength: 3 }).map((s) => `/${s.join('/')}`);
const execCommand = fc.tuple(
  fc.constantFrom('/app/healthcheck', '/usr/local/bin/probe', 'pg_isready', 'redis-cli', 'grpc_health_probe', '/bin/app-ctl'),
  fc.array(fc.stringMatching(/^-{0,2}[a-z0-9=.:-]{1,12}$/), { maxLength: 3 }),
).map(([p, a]) => [p, ...a]);

/** A probe on one of the TCP ports (any handler), or an exec probe. */
export function probe(tcpPorts: string[]): fc.Arbitrary<Probe> {
  const exec = fc.tuple(execCommand, timing).map(([c, t]) => Probe.exec(c, t));
  if (tcpPorts.length === 0) return exec;
  const port = fc.constantFrom(...tcpPorts);
  return fc.oneof(
    fc.tuple(healthPath, port, timing).map(([p, n, t]) => Probe.http(p, { port: n, ...t })),
    fc.tuple(port, timing).map(([n, t]) => Probe.tcp({ port: n, ...t })),
    fc.tuple(port, fc.option(fc.stringMatching(/^[a-z][a-z0-9.]{0,20}$/), { nil: undefined }), timing)
      .map(([n, s, t]) => Probe.grpc({ port: n, ...(s !== undefined ? { service: s } : {}), ...t })),
    exec,
  );
}

/**
 * The nginx sidecar (circuit breaker, rate limit) or Istio's breaker, in front of one of the
 * TCP ports; nothing when there is none (or a port is named "proxy", the sidecar's).
 */
function proxyProps(ports: ContainerPort[], tcp: string[]): fc.Arbitrary<Partial<ProductionDeploymentProps>> {
  if (tcp.length === 0 || ports.some((p) => p.name === 'proxy')) return fc.constant({});
  const used = new Set(ports.map((p) => p.port));
  const breaker = fc.record({
    timeout: fc.integer({ min: 10, max: 300000 }).map((ms) => Duration.millis(ms)),
    failures: fc.integer({ min: 1, max: 1000 }),
    openFor: duration(1, 3600),
    openStatus: fc.integer({ min: 500, max: 599 }),
    openBody: fc.stringMatching(/^[a-zA-Z0-9 {}":,.-]{0,60}$/),
    openContentType: fc.constantFrom('application/json', 'text/plain; charset=utf-8', 'text/html'),
    bypassPaths: fc.array(healthPath, { maxLength: 3 }),
  }, { requiredKeys: [] });
  const rateLimit = fc.record({
    requestsPerSecond: fc.integer({ min: 1, max: 100000 }),
    burst: fc.integer({ min: 0, max: 100000 }),
    nodelay: fc.boolean(),
    connectionsPerClient: fc.integer({ min: 1, max: 100000 }),
    status: fc.integer({ min: 400, max: 599 }),
  }, { requiredKeys: ['requestsPerSecond', 'burst'] });
  const proxy = fc.record({
    port: fc.integer({ min: 1024, max: 65535 }).filter((p) => !used.has(p)),
    upstreamPort: fc.constantFrom(...tcp),
    image: imageRef,
  }, { requiredKeys: [] }).filter((p) => p.port !== undefined || !used.has(8081));
  const istio = breaker.chain((b) => fc.record({
    maxConnections: fc.integer({ min: 1, max: 1000000 }),
    maxPendingRequests: fc.integer({ min: 1, max: 1000000 }),
  }, { requiredKeys: [] }).map((pool) => ({ ...b, ...pool, implementation: 'istio' as const })));
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.record({ circuitBreaker: breaker, proxy }, { requiredKeys: ['circuitBreaker'] }) },
    { weight: 1, arbitrary: fc.record({ rateLimit, proxy }, { requiredKeys: ['rateLimit'] }) },
    { weight: 1, arbitrary: fc.record({ circuitBreaker: breaker.map((b) => ({ ...b, implementation: 'sidecar' as const })), rateLimit, proxy }, { requiredKeys: ['circuitBreaker', 'rateLimit'] }) },
    { weight: 1, arbitrary: fc.record({ circuitBreaker: istio }) },
    { weight: 1, arbitrary: fc.record({ circuitBreaker: istio, rateLimit, proxy }, { requiredKeys: ['circuitBreaker', 'rateLimit'] }) },
  ) as fc.Arbitrary<Partial<ProductionDeploymentProps>>;
}

const autoscaling: fc.Arbitrary<Autoscaling> = fc.integer({ min: 2, max: 1000 }).chain((min) => fc.record({
  minReplicas: fc.constant(min),
  maxReplicas: fc.integer({ min: min + 1, max: 10000 }),
  cpuUtilization: fc.integer({ min: 10, max: 100 }),
}, { requiredKeys: ['minReplicas', 'maxReplicas'] }));

/** What only ProductionDeployment takes; `singleReplica` marks props that need a minimum-replicas suppression. */
export interface DeploymentCase {
  readonly props: ProductionDeploymentProps;
  readonly singleReplica: boolean;
}

export function deploymentProps(nameMax = 63): fc.Arbitrary<DeploymentCase> {
  return fc.tuple(workloadProps(nameMax), containerPorts).chain(([base, ports]) => {
    const tcp = ports.filter((p) => (p.protocol ?? 'TCP') === 'TCP').map((p) => p.name);
    const probes = fc.tuple(probe(tcp), probe(tcp)).filter(([l, r]) => l.handlerKey !== r.handlerKey);
    const scaling = fc.oneof(
      fc.record({ replicas: fc.integer({ min: 1, max: 10000 }) }),
      fc.record({ autoscaling }),
      fc.constant({}),
    );
    const grace = fc.integer({ min: 1, max: 3600 });
    return fc.tuple(probes, fc.option(probe(tcp), { nil: undefined }), scaling, grace, fc.record({
      maxSurge: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 100 }).map((n) => `${n}%`)),
      ingressFrom: fc.array(peer, { maxLength: 3 }),
      zoneSpread: fc.boolean(),
    }, { requiredKeys: [] }), fc.boolean(), fc.boolean(), fc.boolean(), proxyProps(ports, tcp))
      .chain(([[liveness, readiness], startup, scale, graceSeconds, rest, withGrace, withPreStop, emptyPorts, front]) => {
        const preStop = withPreStop && (withGrace ? graceSeconds : 30) > 1
          ? duration(1, Math.min(600, (withGrace ? graceSeconds : 30) - 1)).map((d) => ({ preStopDelay: d }))
          : fc.constant({});
        return fc.tuple(durationOf(graceSeconds), preStop).map(([g, p]): DeploymentCase => {
          const props: ProductionDeploymentProps = {
            ...base,
            ...(ports.length || emptyPorts ? { ports } : {}),
            liveness,
            readiness,
            ...(startup ? { startup } : {}),
            ...scale,
            ...(withGrace ? { terminationGracePeriod: g } : {}),
            ...p,
            ...rest,
            ...front,
          };
          return { props, singleReplica: (scale as { replicas?: number }).replicas === 1 };
        });
      });
  });
}

/** Liveness and readiness on different checks, an optional startup probe, a grace period and a preStop pause shorter than it. */
function serverProps(ports: ContainerPort[]): fc.Arbitrary<Pick<ProductionDeploymentProps, 'liveness' | 'readiness' | 'startup' | 'terminationGracePeriod' | 'preStopDelay'>> {
  const tcp = ports.filter((p) => (p.protocol ?? 'TCP') === 'TCP').map((p) => p.name);
  const probes = fc.tuple(probe(tcp), probe(tcp)).filter(([l, r]) => l.handlerKey !== r.handlerKey);
  return fc.tuple(probes, fc.option(probe(tcp), { nil: undefined }), fc.integer({ min: 1, max: 3600 }), fc.boolean(), fc.boolean())
    .chain(([[liveness, readiness], startup, graceSeconds, withGrace, withPreStop]) => {
      const grace = withGrace ? graceSeconds : 30;
      const preStop = withPreStop && grace > 1
        ? duration(1, Math.min(600, grace - 1)).map((d) => ({ preStopDelay: d }))
        : fc.constant({});
      return fc.tuple(durationOf(graceSeconds), preStop).map(([g, p]) => ({
        liveness,
        readiness,
        ...(startup ? { startup } : {}),
        ...(withGrace ? { terminationGracePeriod: g } : {}),
        ...p,
      }));
    });
}

// ---------------------------------------------------------------------------------------------
// ProductionStatefulSet

const STORAGE_CLASSES = ['standard', 'gp3', 'premium-rwo', 'local-path', 'fast.ssd.example.com', 'a'];
const CLAIM_PREFIXES = ['/var/lib', '/srv', '/mnt', '/var/opt'];

/**
 * Claims with distinct DNS-1123 names ("data-…", never a pod volume's "tmp" or "writable-N"),
 * each mounted at its own folder under <prefix>/<name>: apart from each other, the writable
 * paths (under /data, /cache, …) and /tmp.
 */
const volumeClaims: fc.Arbitrary<VolumeClaim[]> = fc.uniqueArray(
  lengthUpTo(58).chain((n) => shaped(n, ALNUM, [...ALNUM, '-'], ALNUM)).map((s) => `data-${s}`),
  { maxLength: 3 },
).chain((names) => fc.tuple(...names.map((name) => fc.record({
  name: fc.constant(name),
  mountPath: fc.tuple(fc.constantFrom(...CLAIM_PREFIXES), fc.option(segment, { nil: undefined }))
    .map(([prefix, sub]) => `${prefix}/${name}${sub ? `/${sub}` : ''}`),
  size: storageQuantity,
  storageClass: fc.constantFrom(...STORAGE_CLASSES),
  accessMode: fc.constantFrom<VolumeClaim['accessMode']>('ReadWriteOnce', 'ReadWriteOncePod'),
}, { requiredKeys: ['name', 'mountPath', 'size', 'storageClass'] }))));

/** ProductionStatefulSet props; `singleReplica` marks props that need a minimum-replicas suppression. */
export interface StatefulSetCase {
  readonly props: ProductionStatefulSetProps;
  readonly singleReplica: boolean;
}

export function statefulSetProps(nameMax = 52): fc.Arbitrary<StatefulSetCase> {
  const retention = fc.constantFrom<'Retain' | 'Delete'>('Retain', 'Delete');
  const retentions = fc.record({ whenDeleted: retention, whenScaled: retention });
  const replicaCount = fc.option(fc.oneof(fc.integer({ min: 1, max: 10000 }), fc.constantFrom(1, 2, 3, 10000)), { nil: undefined });
  // At least one port: the Services route to them.
  return fc.tuple(workloadProps(nameMax), containerPorts.filter((p) => p.length > 0), replicaCount)
    .chain(([base, ports, replicas]) => fc.tuple(serverProps(ports), volumeClaims, retentions, fc.record({
      podManagementPolicy: fc.constantFrom<'OrderedReady' | 'Parallel'>('OrderedReady', 'Parallel'),
      maxUnavailable: fc.integer({ min: 1, max: Math.max(1, (replicas ?? 3) - 1) }),
      minReady: duration(0, 3600),
      ingressFrom: fc.array(peer, { maxLength: 3 }),
      zoneSpread: fc.boolean(),
      publishNotReadyAddresses: fc.boolean(),
    }, { requiredKeys: [] })).map(([server, claims, claimRetention, rest]): StatefulSetCase => ({
      props: {
        ...base,
        ports,
        ...server,
        volumeClaims: claims,
        claimRetention,
        ...(replicas !== undefined ? { replicas } : {}),
        ...rest,
      },
      singleReplica: replicas === 1,
    })));
}

// ---------------------------------------------------------------------------------------------
// ProductionDaemonSet

const NODE_LABEL_KEYS = ['node-role.kubernetes.io/worker', 'example.com/pool', 'disktype', 'topology.kubernetes.io/zone', 'kubernetes.io/arch'];
const TAINT_KEYS = ['node-role.kubernetes.io/control-plane', 'node.kubernetes.io/not-ready', 'dedicated', 'example.com/gpu', 'CriticalAddonsOnly'];

/** 0–2 node labels; `kubernetes.io/os` only as "linux". */
const nodeSelector: fc.Arbitrary<Record<string, string>> = fc.uniqueArray(fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...NODE_LABEL_KEYS), labelValue()) },
  { weight: 1, arbitrary: fc.constant<[string, string]>(['kubernetes.io/os', 'linux']) },
), { selector: ([k]) => k, maxLength: 2 }).map((pairs) => Object.fromEntries(pairs));

/** 0–3 distinct tolerations, each with a key: Equal (stated or not) with an optional value, or Exists without one. */
const tolerations: fc.Arbitrary<Toleration[]> = fc.uniqueArray(fc.tuple(
  fc.constantFrom(...TAINT_KEYS),
  fc.constantFrom<'Equal' | 'Exists' | undefined>('Equal', 'Exists', undefined),
  fc.option(labelValue(), { nil: undefined }),
  fc.constantFrom<Toleration['effect']>('NoSchedule', 'PreferNoSchedule', 'NoExecute', undefined),
).map(([key, operator, value, effect]): Toleration => ({
  key,
  ...(operator !== undefined ? { operator } : {}),
  ...(operator !== 'Exists' && value !== undefined ? { value } : {}),
  ...(effect !== undefined ? { effect } : {}),
})), { selector: (t) => `${t.key}=${t.value ?? ''}:${t.effect ?? ''}`, maxLength: 3 });

const priorityClassName: fc.Arbitrary<string | false> = fc.oneof(
  fc.constant<false>(false),
  fc.constantFrom('system-node-critical', 'node-agent', 'high.priority.example.com', 'p'),
  fc.array(lengthUpTo(20).chain((n) => shaped(n, ALNUM, [...ALNUM, '-'], ALNUM)), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('.')),
);

export function daemonSetProps(nameMax = 63): fc.Arbitrary<ProductionDaemonSetProps> {
  return fc.tuple(workloadProps(nameMax), containerPorts, fc.boolean())
    .chain(([base, ports, emptyPorts]) => fc.tuple(serverProps(ports), fc.record({
      nodeSelector,
      tolerations,
      priorityClassName,
      nodeCount: fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.constantFrom(1, 5000)),
    }), fc.record({
      maxSurge: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 100 }).map((n) => `${n}%`)),
      minReady: duration(0, 3600),
      ingressFrom: fc.array(peer, { maxLength: 3 }),
    }, { requiredKeys: [] })).map(([server, placement, rest]): ProductionDaemonSetProps => ({
      ...base,
      ...(ports.length || emptyPorts ? { ports } : {}),
      ...server,
      ...placement,
      ...rest,
    })));
}

// ---------------------------------------------------------------------------------------------
// ConfiguredApp

const CONFIG_PREFIXES = ['/etc', '/config', '/opt/app/config', '/srv/config'];

export function configuredAppProps(nameMax = 63): fc.Arbitrary<DeploymentCase & { props: ConfiguredAppProps }> {
  return fc.tuple(
    deploymentProps(nameMax),
    fc.uniqueArray(fc.tuple(fileName, configText), { selector: ([n]) => n, maxLength: 4 }),
    fc.option(fc.tuple(fc.constantFrom(...CONFIG_PREFIXES), segment).map(([p, s]) => `${p}/${s}`), { nil: undefined }),
    envMap('CFG', 5),
    fc.uniqueArray(fc.record({
      name: dns1035(40),
      mountPath: fc.option(segment.map((s) => `/secrets/${s}`), { nil: undefined }),
      env: fc.option(fc.record({ variables: fc.dictionary(envName('SEC'), fc.stringMatching(/^[-._a-zA-Z0-9]{1,20}$/), { minKeys: 1, maxKeys: 3 }), reason }), { nil: undefined }),
    }, { requiredKeys: ['name'] }), { selector: (s) => s.name, maxLength: 3 }),
  ).filter(([, , , , secrets]) => {
    // Custom secret mount paths must not repeat each other; secret env variables must not repeat.
    const mounts = secrets.filter((s) => !s.env && s.mountPath).map((s) => s.mountPath);
    const vars = secrets.flatMap((s) => Object.keys(s.env?.variables ?? {}));
    return new Set(mounts).size === mounts.length && new Set(vars).size === vars.length;
  }).map(([d, files, configPath, settings, secrets]) => {
    const props: ConfiguredAppProps = {
      ...d.props,
      ...(files.length ? { configFiles: files.map(([n, t]) => ConfigFile.inline(n, t)) } : {}),
      ...(files.length && configPath ? { configPath } : {}),
      ...(Object.keys(settings).length ? { settings } : {}),
      ...(secrets.length ? {
        secrets: secrets.map((s): SecretReference => ({
          name: s.name,
          ...(s.env ? { env: s.env } : s.mountPath ? { mountPath: s.mountPath } : {}),
        })),
      } : {}),
    };
    return { props, singleReplica: d.singleReplica };
  });
}

// ---------------------------------------------------------------------------------------------
// batch

export function jobProps(nameMax = 63): fc.Arbitrary<BoundedJobProps> {
  return fc.tuple(workloadProps(nameMax), fc.boolean(), fc.boolean()).chain(([base, long, failFast]) => fc.record({
    activeDeadline: long ? duration(1, 7 * 86400) : duration(1, 86400),
    ...(long ? { longDeadlineReason: reason } : {}),
    backoffLimit: fc.integer({ min: 0, max: 10 }),
    restartPolicy: failFast ? fc.constant<'Never'>('Never') : fc.constantFrom<'Never' | 'OnFailure'>('Never', 'OnFailure'),
    ...(failFast ? { nonRetriableExitCodes: fc.uniqueArray(fc.integer({ min: 1, max: 255 }), { minLength: 1, maxLength: 5 }) } : {}),
    parallelism: fc.integer({ min: 1, max: 1000 }),
    ttlAfterFinished: duration(1, 30 * 86400),
  }, { requiredKeys: ['activeDeadline', ...(long ? ['longDeadlineReason' as const] : []), ...(failFast ? ['nonRetriableExitCodes' as const] : [])] })
    .chain((job) => fc.option(fc.integer({ min: job.parallelism ?? 1, max: 100000 }), { nil: undefined })
      .map((completions) => ({ ...base, ...job, ...(completions !== undefined ? { completions } : {}) }) as BoundedJobProps)));
}

const cronValue = (min: number, max: number) => fc.integer({ min, max });

/** One cron field: `*`, a value, a list, a range, a step; `names` adds the field's names. */
function cronField(min: number, max: number, names: string[] = []): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant('*'),
    cronValue(min, max).map(String),
    fc.integer({ min: 1, max: Math.max(1, max - min) }).map((s) => `*/${s}`),
    fc.tuple(cronValue(min, max), cronValue(min, max)).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    fc.tuple(cronValue(min, max), cronValue(min, max), fc.integer({ min: 1, max: 10 })).map(([a, b, s]) => `${Math.min(a, b)}-${Math.max(a, b)}/${s}`),
    fc.uniqueArray(cronValue(min, max), { minLength: 2, maxLength: 4 }).map((v) => v.join(',')),
    ...(names.length ? [fc.constantFrom(...names)] : []),
  );
}

/** A valid cron schedule: five fields (days of month up to 28, so every date exists) or a macro. */
export const cronSchedule: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(
    cronField(0, 59),
    cronField(0, 23),
    cronField(1, 28),
    cronField(1, 12, ['JAN', 'jun', 'DEC', 'MAR-SEP']),
    cronField(0, 7, ['MON', 'fri', 'MON-FRI', 'SAT,SUN']),
  ).map((f) => f.join(' ')) },
  { weight: 1, arbitrary: fc.constantFrom('@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly') },
);

export const timeZone = fc.constantFrom('UTC', 'Etc/UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Lord_Howe', 'America/Argentina/Buenos_Aires');

export function cronJobProps(nameMax = 52): fc.Arbitrary<BoundedCronJobProps> {
  return fc.tuple(workloadProps(nameMax), cronSchedule, fc.constantFrom('fit', 'replace', 'overlap'))
    .chain(([base, schedule, mode]) => {
      const interval = minIntervalSeconds(schedule);
      const fit = Math.min(86400, interval);
      return fc.record({
        schedule: fc.constant(schedule),
        timeZone,
        activeDeadline: mode === 'fit' ? duration(1, fit) : duration(1, 86400),
        concurrencyPolicy: fc.constant<'Forbid' | 'Replace'>(mode === 'replace' ? 'Replace' : 'Forbid'),
        ...(mode === 'overlap' ? { overlapReason: reason } : {}),
        backoffLimit: fc.integer({ min: 0, max: 10 }),
        restartPolicy: fc.constantFrom<'Never' | 'OnFailure'>('Never', 'OnFailure'),
        parallelism: fc.integer({ min: 1, max: 1000 }),
        startingDeadline: duration(60, Math.max(60, Math.min(interval, 10 * 365 * 86400))),
        successfulJobsHistoryLimit: fc.integer({ min: 0, max: 100 }),
        failedJobsHistoryLimit: fc.integer({ min: 0, max: 100 }),
      }, { requiredKeys: ['schedule', 'activeDeadline', ...(mode === 'overlap' ? ['overlapReason' as const] : []), ...(mode === 'replace' ? ['concurrencyPolicy' as const] : [])] })
        .map((cron) => ({ ...base, ...cron }) as BoundedCronJobProps);
    });
}

// ---------------------------------------------------------------------------------------------
// QuotaNamespace

const memLadder = (min: number) => fc.integer({ min, max: min * 4 + 1024 });

export const quotaNamespaceProps: fc.Arbitrary<QuotaNamespaceProps> = fc.tuple(
  fc.tuple(cpuMilli, cpuMilli, cpuMilli).map((v) => [...v].sort((a, b) => a - b)),
  fc.tuple(memMib, memMib, memMib).map((v) => [...v].sort((a, b) => a - b)),
  fc.record({ cpu: fc.boolean(), memory: fc.boolean() }),
  fc.record({ cpu: fc.boolean(), memory: fc.boolean() }),
  fc.record({ cpu: fc.boolean(), memory: fc.boolean() }),
).chain(([cpu, mem, inReq, inDef, inMax]) => {
  const pair = (which: { cpu: boolean; memory: boolean }, c: number, m: number) => fc.tuple(cpuQuantity(c), memoryQuantity(m))
    .map(([cq, mq]) => ({ ...(which.cpu ? { cpu: cq } : {}), ...(which.memory ? { memory: mq } : {}) }));
  return fc.record({
    name: namespaceName(),
    quota: fc.record({
      requestsCpu: fc.integer({ min: 1, max: 1000000 }).chain(cpuQuantity),
      requestsMemory: memLadder(1).chain(memoryQuantity),
      limitsMemory: memLadder(1).chain(memoryQuantity),
      limitsCpu: fc.integer({ min: 1, max: 1000000 }).chain(cpuQuantity),
      pods: fc.integer({ min: 1, max: 100000 }),
      services: fc.integer({ min: 1, max: 100000 }),
      configMaps: fc.integer({ min: 1, max: 100000 }),
      secrets: fc.integer({ min: 1, max: 100000 }),
      persistentVolumeClaims: fc.integer({ min: 1, max: 100000 }),
    }, { requiredKeys: ['requestsCpu', 'requestsMemory', 'limitsMemory', 'pods'] }),
    // All three or none: a missing one takes the construct's default, which may not fit the others.
    containerLimits: fc.record({
      defaultRequest: pair(inReq, cpu[0], mem[0]),
      default: pair(inDef, cpu[1], mem[1]),
      max: pair(inMax, cpu[2], mem[2]),
    }),
    labels: fc.dictionary(fc.constantFrom('team', 'cost-center', 'example.com/owner', 'tier'), labelValue(), { maxKeys: 3 }),
  }, { requiredKeys: ['quota'] });
});
