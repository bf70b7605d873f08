import * as path from 'path';
import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { ConfigFile, CpuLimit, Peer, Probe } from '../../src';

/*
 * One field broken at a time. A breaker takes valid props (from arbitraries.ts) and returns them
 * with one field replaced by a hostile value; `prop` is the prop the PropError must name. The
 * values are the list: bad names, unicode, over-long strings, malformed quantities
 * ("512mb", "-1", "1.5.0"), out-of-range and duplicated ports, zero durations, empty strings,
 * NaN, Infinity, null (where the construct refuses it: see the known-bug table in
 * properties.test.ts for the props that silently take null as "absent") and wrong types.
 */

type Props = Record<string, any>;

export interface Breaker {
  /** The prop the PropError must name, exactly. */
  readonly prop: string;
  /** What is broken, for the failure message. */
  readonly what: string;
  /** A secret in the broken value that the message must not repeat. */
  readonly secret?: string;
  readonly apply: (props: Props) => Props;
}

/** A breaker per hostile value: `field` set to each value, the PropError naming `prop`. */
function each(prop: string, values: readonly unknown[], apply: (p: Props, v: any) => Props): Breaker[] {
  return values.map((v) => ({ prop, what: `${prop} = ${show(v)}`, apply: (p: Props) => apply(p, v) }));
}

function show(v: unknown): string {
  if (v instanceof Duration) return `Duration(${v.toHumanString()})`;
  if (typeof v === 'number' || v === undefined) return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v);
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(v);
  }
}

/** Marks breakers whose value holds `s`, which no message may repeat. */
function secret(breakers: Breaker[], s: string): Breaker[] {
  return breakers.map((b) => ({ ...b, secret: s }));
}

function without(p: Props, ...keys: string[]): Props {
  const out = { ...p };
  for (const k of keys) delete out[k];
  return out;
}

export const BAD_NAMES: readonly unknown[] = [
  'Web', 'web_1', '1web', 'web-', '-web', '', 'wéb', 'ωeb', '网站', 'a'.repeat(64), 'web.app', 'web app', 'web\n', ' web',
  42, NaN, Infinity, true, {}, [],
];
export const BAD_NAMESPACES: readonly unknown[] = [
  'Shop', 'default', 'kube-system', 'kube-public', 'kube-node-lease', '', 'sh_op', 'a'.repeat(64), 'shop.eu', 'shöp', '-shop', 5, NaN, null,
];
export const BAD_IMAGES: readonly unknown[] = [
  'nginx', 'nginx:latest', 'registry.example.com/shop/web', 'localhost:5000/app', 'registry.example.com:5000/app', 'app:', 'App:1',
  'registry.example.com/Shop/web:1', 'app@sha256:abc', `app@md5:${'0'.repeat(32)}`, `app@sha256:${'A'.repeat(64)}`, ' app:1', 'app:1 ', '',
  'app:-1', 'ünicode:1', `${'a'.repeat(256)}:1`, 'app:1:2', 'a//b:1', 5, null, NaN, {}, [],
  // Tags that move: latest in any case, channels and branches, tags that name no version.
  'nginx:LATEST', 'nginx:stable', 'node:lts-alpine', 'debian:bookworm', 'gcr.io/distroless/static-debian12:nonroot', 'app:main', 'python:3.12-rc',
];
export const BAD_CPU: readonly unknown[] = ['512mb', '-1', '1.5.0', '', '0', '0m', 'NaN', 'Infinity', ' 1', '1 ', '1e', '0.0001', 'one', '1Gb', 5, null, NaN];
export const BAD_MEMORY: readonly unknown[] = ['512mb', '-1', '1.5.0', '', '0', '512m', '1k', '100', '1Ki', 'NaN', 'Infinity', '1 Gi', '1GB', 5, null, NaN];
export const BAD_STORAGE: readonly unknown[] = ['512mb', '-1', '1.5.0', '', '0', '64m', '1k', 'NaN', 5, NaN];
const BAD_IDS = [0, -1, 1.5, NaN, Infinity, '1000', 2147483648, null];
const BAD_LABEL_VALUES = ['', 'a'.repeat(64), 'has space', '-x', 'x-', 'é', '.x', 5, NaN];
const BAD_REASONS = ['', '   ', 'todo', 'n/a', 'TBD', 'x', 'because', 5, null];
const BAD_COUNT = [-1, 1.5, NaN, Infinity, '2'];

const RESOURCES = { cpu: '250m', memory: '256Mi', memoryLimit: '512Mi', cpuLimit: CpuLimit.of('1') };

/** Breakers of the props every workload takes. */
export function workloadBreakers(): Breaker[] {
  return [
    ...each('name', BAD_NAMES, (p, v) => ({ ...p, name: v })),
    ...each('namespace', BAD_NAMESPACES, (p, v) => ({ ...p, namespace: v })),
    ...each('image', BAD_IMAGES, (p, v) => ({ ...p, image: v })),
    ...each('resources', ['huge', '', 'Small', 'NANO', 5, null, NaN, true], (p, v) => ({ ...p, resources: v })),
    ...each('resources.cpu', BAD_CPU, (p, v) => ({ ...p, resources: { ...RESOURCES, cpu: v } })),
    ...each('resources.cpu', ['2', '1001m'], (p, v) => ({ ...p, resources: { ...RESOURCES, cpu: v } })), // above the limit
    ...each('resources.cpu', [undefined], (p) => ({ ...p, resources: {} })),
    ...each('resources.memory', BAD_MEMORY, (p, v) => ({ ...p, resources: { ...RESOURCES, memory: v } })),
    ...each('resources.memory', ['1Gi', '513Mi'], (p, v) => ({ ...p, resources: { ...RESOURCES, memory: v } })), // above the limit
    ...each('resources.memoryLimit', BAD_MEMORY, (p, v) => ({ ...p, resources: { ...RESOURCES, memoryLimit: v } })),
    ...each('resources.cpuLimit', [
      CpuLimit.of('512mb'), CpuLimit.of('-1'), CpuLimit.of('1.5.0'), CpuLimit.of(''), CpuLimit.of(5 as unknown as string),
      CpuLimit.none(''), CpuLimit.none('todo'), CpuLimit.none('n/a'), CpuLimit.none('x'), CpuLimit.none(5 as unknown as string),
      '1', 1, null, { quantity: '1' }, undefined,
    ], (p, v) => ({ ...p, resources: { ...RESOURCES, cpuLimit: v } })),
    ...each('podSecurity.user', BAD_IDS, (p, v) => ({ ...p, podSecurity: { user: v } })),
    ...each('podSecurity.group', BAD_IDS, (p, v) => ({ ...p, podSecurity: { group: v } })),
    ...each('podSecurity.fsGroup', BAD_IDS, (p, v) => ({ ...p, podSecurity: { fsGroup: v } })),
    ...each('podSecurity', ['root', 5, true], (p, v) => ({ ...p, podSecurity: v })),
    ...each('imageInit', ['supervisord', '', 'Tini', 'systemd', 5, null, NaN], (p, v) => ({ ...p, imageInit: v })),
    ...each('writablePaths', ['/data/x', 5, {}, true], (p, v) => ({ ...p, writablePaths: v })),
    ...each('writablePaths[0]', [
      'relative/path', '/', '/etc', '/usr', '/usr/local/cache', '/var', '/var/log/app', '/data/logs', '/data/Log', '/tmp', '/proc/x', '/var/run/secrets/x',
      '/data/', '/data//x', '/data/../etc', '/data/./x', '/da ta', '/data\tx', '', 5, null, {}, { path: 5 }, { path: null },
    ], (p, v) => ({ ...p, writablePaths: [v] })),
    ...each('writablePaths[0].sizeLimit', BAD_STORAGE, (p, v) => ({ ...p, writablePaths: [{ path: '/data/x', sizeLimit: v }] })),
    ...each('writablePaths[1]', [['/data/x', '/data/x'], ['/data/x', '/data/x/y'], ['/data/x/y', '/data/x'], ['/data/x', { path: '/data/x' }]],
      (p, v) => ({ ...p, writablePaths: v })),
    ...each('tmpSizeLimit', BAD_STORAGE, (p, v) => ({ ...p, tmpSizeLimit: v })),
    ...each('apiAccess', ['yes', 5, true, null], (p, v) => ({ ...p, apiAccess: v })),
    ...each('apiAccess.reason', [...BAD_REASONS, undefined], (p, v) => ({ ...p, apiAccess: { reason: v } })),
    ...each('partOf', BAD_LABEL_VALUES, (p, v) => ({ ...p, partOf: v })),
    ...each('component', BAD_LABEL_VALUES, (p, v) => ({ ...p, component: v })),
    ...each('env', ['x', 5, [], null, true], (p, v) => ({ ...p, env: v })),
    ...['1X', 'BAD KEY', '', 'é', 'A=B', 'A:B'].map((k): Breaker => ({ prop: `env["${k}"]`, what: `env key ${JSON.stringify(k)}`, apply: (p) => ({ ...p, env: { [k]: 'value' } }) })),
    ...['__proto__', 'constructor', 'prototype'].map((k): Breaker => ({
      prop: `env["${k}"]`, what: `env key ${k}`, apply: (p) => ({ ...p, env: JSON.parse(`{"APP_OK": "x", ${JSON.stringify(k)}: "polluted"}`) }),
    })),
    ...each('env.APP_X', [5, null, NaN, true, {}, ['x']], (p, v) => ({ ...p, env: { APP_X: v } })),
    ...secret(each('env.DB_PASSWORD', ['hunter2hunter2'], (p, v) => ({ ...p, env: { DB_PASSWORD: v } })), 'hunter2'),
    ...secret(each('env.APP_DSN', ['postgres://shop:hunter2hunter2@db.example.com/shop'], (p, v) => ({ ...p, env: { APP_DSN: v } })), 'hunter2'),
    ...secret(each('env.APP_KEY', ['-----BEGIN RSA PRIVATE KEY-----'], (p, v) => ({ ...p, env: { APP_KEY: v } })), 'BEGIN RSA'),
    ...secret(each('env.APP_AWS', ['AKIAIOSFODNN7EXAMPLE'], (p, v) => ({ ...p, env: { APP_AWS: v } })), 'AKIAIOSFODNN7EXAMPLE'),
    ...each('command', [[], [5], [null], 'run', 5, null, {}], (p, v) => ({ ...p, command: v })),
    ...each('args', [[5], [null], 'x', 5, null], (p, v) => ({ ...p, args: v })),
    ...each('egress', ['x', 5, {}], (p, v) => ({ ...p, egress: v })),
    ...each('egress[0]', [null, 5, 'x'], (p, v) => ({ ...p, egress: [v] })),
    ...each('egress[0].ports', [[], undefined, 'x', 5], (p, v) => ({ ...p, egress: [{ to: Peer.sameNamespace(), ports: v }] })),
    ...each('egress[0].to', [null, 'x', {}, 5, undefined], (p, v) => ({ ...p, egress: [{ to: v, ports: [{ port: 443 }] }] })),
    ...each('egress[0].to.cidr', ['10.0.0.0/33', '256.0.0.0/8', '10.0.0.0', 'x', '', '10.0.0/8', '::1/128'],
      (p, v) => ({ ...p, egress: [{ to: Peer.cidr(v), ports: [{ port: 443 }] }] })),
    ...each('egress[0].ports[0]', [null, 5, 'x'], (p, v) => ({ ...p, egress: [{ to: Peer.sameNamespace(), ports: [v] }] })),
    ...each('egress[0].ports[0].port', [0, -1, 65536, 70000, 1.5, NaN, Infinity, '5432', null, undefined],
      (p, v) => ({ ...p, egress: [{ to: Peer.sameNamespace(), ports: [{ port: v }] }] })),
    ...each('egress[0].ports[0].protocol', ['SCTP', 'tcp', '', 5], (p, v) => ({ ...p, egress: [{ to: Peer.sameNamespace(), ports: [{ port: 443, protocol: v }] }] })),
    ...each('dockerfile', ['', 5, '/no/such/dir/Dockerfile'], (p, v) => ({ ...p, dockerfile: v })),
  ];
}

// ---------------------------------------------------------------------------------------------

const PORTS = [{ name: 'http', port: 8080 }, { name: 'dns', port: 5353, protocol: 'UDP' }];
const READY = Probe.http('/ready', { port: 'http' });

/** Probe breakers for one probe prop, on fixed ports (a TCP "http" and a UDP "dns") and a fixed other probe. */
function probeBreakers(which: 'liveness' | 'readiness' | 'startup'): Breaker[] {
  const set = (p: Props, probe: unknown) => ({
    ...without(p, 'startup'),
    ports: PORTS,
    liveness: which === 'liveness' ? probe : Probe.http('/healthz', { port: 'http' }),
    readiness: which === 'readiness' ? probe : READY,
    ...(which === 'startup' ? { startup: probe } : {}),
  });
  const timing = (field: string, values: unknown[]) => each(`${which}.${field}`, values, (p, v) => set(p, Probe.http('/probe', { port: 'http', [field]: v })));
  return [
    ...each(which, which === 'startup' ? [null, {}, 'GET /healthz', 5, { httpGet: { path: '/h', port: 'http' } }] : [undefined, null, {}, 'GET /healthz', 5, { httpGet: { path: '/h', port: 'http' } }], set),
    ...each(`${which}.path`, ['healthz', '/a b', '', 5, null], (p, v) => set(p, Probe.http(v, { port: 'http' }))),
    ...each(`${which}.port`, ['nope', 'dns', '', 'HTTP', 8080, null, undefined], (p, v) => set(p, Probe.http('/probe', { port: v }))),
    ...each(`${which}.port`, ['dns', 8080], (p, v) => set(p, Probe.tcp({ port: v }))),
    ...each(`${which}.port`, ['dns', 9090], (p, v) => set(p, Probe.grpc({ port: v }))),
    ...each(`${which}.port`, [undefined], (p) => set(p, Probe.tcp(undefined as never))),
    ...each(`${which}.command`, [
      [], ['true'], ['/bin/true'], [':'], ['echo', 'ok'], ['sleep', '1'], ['sh', '-c', 'exit 0'], ['/bin/bash', '-c', ' true '], ['ls'], [''], [5], [null], 'curl localhost', null,
    ], (p, v) => set(p, Probe.exec(v))),
    ...timing('period', [Duration.seconds(0), Duration.seconds(3601), Duration.millis(1500), Duration.seconds(NaN), Duration.seconds(Infinity), 10, '10s', null]),
    ...timing('timeout', [Duration.seconds(0), Duration.seconds(601), Duration.millis(500), 1, null]),
    ...timing('failureThreshold', [0, 101, 1.5, NaN, Infinity, '3', -1, null]),
    ...timing('initialDelay', [Duration.seconds(61), Duration.hours(1), Duration.millis(500), 5, null]),
  ];
}

export function deploymentBreakers(): Breaker[] {
  const noScaling = (p: Props) => without(p, 'replicas', 'autoscaling');
  return [
    ...workloadBreakers(),
    ...each('ports', ['x', 5, {}, true], (p, v) => ({ ...p, ports: v })),
    ...each('ports[0]', [null, 5, 'http'], (p, v) => ({ ...p, ports: [v] })),
    ...each('ports[0].name', ['HTTP', 'a'.repeat(16), '80', 'a--b', '-http', 'http-', '', 'h_t', 'hé', 5, null, undefined], (p, v) => ({ ...p, ports: [{ name: v, port: 8080 }] })),
    ...each('ports[0].port', [0, -1, 80, 1023, 65536, 70000, 8080.5, NaN, Infinity, '8080', null, undefined], (p, v) => ({ ...p, ports: [{ name: 'http', port: v }] })),
    ...each('ports[0].protocol', ['SCTP', 'tcp', '', 5], (p, v) => ({ ...p, ports: [{ name: 'http', port: 8080, protocol: v }] })),
    ...each('ports[0].servicePort', [0, -1, 65536, 1.5, NaN, '80', null], (p, v) => ({ ...p, ports: [{ name: 'http', port: 8080, servicePort: v }] })),
    ...each('ports[1].name', ['http'], (p, v) => ({ ...p, ports: [{ name: 'http', port: 8080 }, { name: v, port: 8081 }] })),
    ...each('ports[1].port', [8080], (p, v) => ({ ...p, ports: [{ name: 'http', port: 8080 }, { name: 'alt', port: v }] })),
    ...probeBreakers('liveness'),
    ...probeBreakers('readiness'),
    ...probeBreakers('startup'),
    { prop: 'readiness', what: 'readiness = liveness', apply: (p) => ({ ...p, readiness: p.liveness }) },
    { prop: 'readiness', what: 'readiness checks what liveness checks', apply: (p) => ({ ...p, ports: PORTS, liveness: Probe.http('/healthz', { port: 'http' }), readiness: Probe.http('/healthz', { port: 'http', period: Duration.seconds(3) }) }) },
    ...each('replicas', [0, -1, 1.5, NaN, Infinity, '3', 10001, null], (p, v) => ({ ...noScaling(p), replicas: v })),
    ...each('replicas', [3], (p, v) => ({ ...p, replicas: v, autoscaling: { minReplicas: 2, maxReplicas: 5 } })),
    ...each('autoscaling', ['x', 5, null, true], (p, v) => ({ ...noScaling(p), autoscaling: v })),
    ...each('autoscaling.minReplicas', [1, 0, -1, 1.5, NaN, '2', null, undefined], (p, v) => ({ ...noScaling(p), autoscaling: { minReplicas: v, maxReplicas: 10 } })),
    ...each('autoscaling.maxReplicas', [3, 2, 10001, NaN, '10', null, undefined], (p, v) => ({ ...noScaling(p), autoscaling: { minReplicas: 3, maxReplicas: v } })),
    ...each('autoscaling.cpuUtilization', [5, 101, 0, 1.5, NaN, '70', null], (p, v) => ({ ...noScaling(p), autoscaling: { minReplicas: 2, maxReplicas: 4, cpuUtilization: v } })),
    ...each('maxSurge', [0, -1, 1001, 1.5, NaN, Infinity, '0%', '101%', '25', '25 %', '', 'x%', null, true], (p, v) => ({ ...p, maxSurge: v })),
    ...each('terminationGracePeriod', [Duration.seconds(0), Duration.millis(1500), Duration.hours(2), Duration.seconds(NaN), 30, '30s', null],
      (p, v) => ({ ...without(p, 'preStopDelay'), terminationGracePeriod: v })),
    ...each('preStopDelay', [Duration.seconds(0), Duration.seconds(601), Duration.millis(500), 5, '5s', null],
      (p, v) => ({ ...p, terminationGracePeriod: Duration.minutes(30), preStopDelay: v })),
    ...each('preStopDelay', [Duration.seconds(10), Duration.seconds(11)], (p, v) => ({ ...p, terminationGracePeriod: Duration.seconds(10), preStopDelay: v })),
    ...each('ingressFrom', ['x', 5, {}, true], (p, v) => ({ ...p, ingressFrom: v })),
    ...each('ingressFrom[0]', [null, 'ingress-nginx', {}, 5, { podSelector: {} }], (p, v) => ({ ...p, ingressFrom: [v] })),
    ...each('ingressFrom[0].cidr', ['10.0.0.0/33', '300.1.1.1/32', 'x'], (p, v) => ({ ...p, ingressFrom: [Peer.cidr(v)] })),
    ...each('zoneSpread', ['yes', 1, 0, 'true', {}], (p, v) => ({ ...p, zoneSpread: v })),
    ...proxyBreakers(),
  ];
}

/** Exec probes, which need no port: for breakers that leave the ports empty. */
function execProbes(p: Props): Props {
  return { ...without(p, 'startup'), liveness: Probe.exec(['/app/check', '--live']), readiness: Probe.exec(['/app/check', '--ready']) };
}

/** Breakers of what every long-running workload takes besides the pod: ports, probes, shutdown, ingress. */
function longRunningBreakers(): Breaker[] {
  return [
    ...each('ports', ['x', 5, {}, true, null], (p, v) => ({ ...p, ports: v })),
    ...each('ports[0]', [null, 5, 'http'], (p, v) => ({ ...p, ports: [v] })),
    ...each('ports[0].name', ['HTTP', 'a'.repeat(16), '80', 'a--b', '-http', 'http-', '', 'h_t', 'hé', 5, null, undefined], (p, v) => ({ ...p, ports: [{ name: v, port: 8080 }] })),
    ...each('ports[0].port', [0, -1, 80, 1023, 65536, 70000, 8080.5, NaN, Infinity, '8080', null, undefined], (p, v) => ({ ...p, ports: [{ name: 'http', port: v }] })),
    ...each('ports[0].protocol', ['SCTP', 'tcp', '', 5, null], (p, v) => ({ ...p, ports: [{ name: 'http', port: 8080, protocol: v }] })),
    ...each('ports[0].servicePort', [0, -1, 65536, 1.5, NaN, '80', null], (p, v) => ({ ...p, ports: [{ name: 'http', port: 8080, servicePort: v }] })),
    ...each('ports[1].name', ['http'], (p, v) => ({ ...p, ports: [{ name: 'http', port: 8080 }, { name: v, port: 8081 }] })),
    ...each('ports[1].port', [8080], (p, v) => ({ ...p, ports: [{ name: 'http', port: 8080 }, { name: 'alt', port: v }] })),
    ...each('ports[1].servicePort', [80], (p, v) => ({ ...p, ports: [{ name: 'http', port: 8080, servicePort: 80 }, { name: 'alt', port: 8081, servicePort: v }] })),
    ...each('ports[1].servicePort', [8080], (p, v) => ({ ...p, ports: [{ name: 'http', port: 8080 }, { name: 'alt', port: 8081, servicePort: v }] })),
    ...each('ports[1].servicePort', [undefined], (p) => ({ ...p, ports: [{ name: 'http', port: 8080, servicePort: 9090 }, { name: 'alt', port: 9090 }] })),
    ...probeBreakers('liveness'),
    ...probeBreakers('readiness'),
    ...probeBreakers('startup'),
    { prop: 'readiness', what: 'readiness = liveness', apply: (p) => ({ ...p, readiness: p.liveness }) },
    { prop: 'readiness', what: 'readiness checks what liveness checks', apply: (p) => ({ ...p, ports: PORTS, liveness: Probe.http('/healthz', { port: 'http' }), readiness: Probe.http('/healthz', { port: 'http', period: Duration.seconds(3) }) }) },
    ...each('terminationGracePeriod', [Duration.seconds(0), Duration.millis(1500), Duration.hours(2), Duration.seconds(NaN), 30, '30s', null],
      (p, v) => ({ ...without(p, 'preStopDelay'), terminationGracePeriod: v })),
    ...each('preStopDelay', [Duration.seconds(0), Duration.seconds(601), Duration.millis(500), 5, '5s', null],
      (p, v) => ({ ...p, terminationGracePeriod: Duration.minutes(30), preStopDelay: v })),
    ...each('preStopDelay', [Duration.seconds(10), Duration.seconds(11)], (p, v) => ({ ...p, terminationGracePeriod: Duration.seconds(10), preStopDelay: v })),
    ...each('preStopDelay', [Duration.seconds(30)], (p, v) => ({ ...without(p, 'terminationGracePeriod'), preStopDelay: v })),
    ...each('ingressFrom', ['x', 5, {}, true, null], (p, v) => ({ ...p, ingressFrom: v })),
    ...each('ingressFrom[0]', [null, 'ingress-nginx', {}, 5, { podSelector: {} }], (p, v) => ({ ...p, ingressFrom: [v] })),
    ...each('ingressFrom[0].cidr', ['10.0.0.0/33', '300.1.1.1/32', 'x'], (p, v) => ({ ...p, ingressFrom: [Peer.cidr(v)] })),
  ];
}

const MIN_READY: readonly unknown[] = [Duration.seconds(3601), Duration.hours(2), Duration.millis(500), Duration.seconds(NaN), 10, '10s', null, {}];
const CLAIM = { name: 'data', mountPath: '/var/lib/db', size: '10Gi', storageClass: 'standard' };

export function statefulSetBreakers(): Breaker[] {
  const claim = (field: string, values: readonly unknown[]) => each(`volumeClaims[0].${field}`, values, (p, v) => ({ ...p, volumeClaims: [{ ...CLAIM, [field]: v }] }));
  const second = (field: string, values: readonly unknown[]) => each(`volumeClaims[1].${field}`, values,
    (p, v) => ({ ...p, volumeClaims: [CLAIM, { ...CLAIM, name: 'data-2', mountPath: '/var/lib/db2', [field]: v }] }));
  const RETENTION = { whenDeleted: 'Retain', whenScaled: 'Delete' };
  return [
    ...workloadBreakers(),
    ...longRunningBreakers(),
    // A StatefulSet's Services route to its ports: at least one.
    ...each('ports', [[], undefined], (p, v) => ({ ...execProbes(p), ports: v })),
    ...each('replicas', [0, -1, 1.5, NaN, Infinity, '3', 10001, null, true], (p, v) => ({ ...without(p, 'maxUnavailable'), replicas: v })),
    ...each('podManagementPolicy', ['Ordered', 'parallel', 'OrderedReady ', '', 5, null, true], (p, v) => ({ ...p, podManagementPolicy: v })),
    ...each('maxUnavailable', [0, -1, 1.5, NaN, Infinity, '1', '50%', null, 3, 4], (p, v) => ({ ...p, replicas: 3, maxUnavailable: v })),
    ...each('maxUnavailable', [2], (p, v) => ({ ...p, replicas: 1, maxUnavailable: v })),
    ...each('maxUnavailable', [3], (p, v) => ({ ...without(p, 'replicas'), maxUnavailable: v })),
    ...each('minReady', MIN_READY, (p, v) => ({ ...p, minReady: v })),
    ...each('claimRetention', [undefined, null, 'Retain', 'Delete', 5, true], (p, v) => ({ ...p, claimRetention: v })),
    ...each('claimRetention.whenDeleted', [undefined, null, 'retain', 'Keep', 'Orphan', '', 5, true], (p, v) => ({ ...p, claimRetention: { ...RETENTION, whenDeleted: v } })),
    ...each('claimRetention.whenScaled', [undefined, null, 'delete', 'Keep', '', 5], (p, v) => ({ ...p, claimRetention: { ...RETENTION, whenScaled: v } })),
    ...each('claimRetention.whenDeleted', [{}, []], (p, v) => ({ ...p, claimRetention: v })),
    ...each('volumeClaims', [undefined, null, 'x', 5, {}, true, CLAIM], (p, v) => ({ ...p, volumeClaims: v })),
    ...each('volumeClaims[0]', [null, 5, 'data', true], (p, v) => ({ ...p, volumeClaims: [v] })),
    ...claim('name', ['Data', 'data_1', '-data', 'data-', '', 'a'.repeat(64), 'data.db', 'dätä', 'da ta', 5, null, undefined, {}]),
    // A claim is a pod volume: it must not take the name of /tmp's or a writable path's emptyDir.
    ...claim('name', ['tmp']),
    ...each('volumeClaims[0].name', ['writable-0', 'writable-1'], (p, v) => ({ ...p, writablePaths: ['/data/x', '/data/y'], volumeClaims: [{ ...CLAIM, name: v }] })),
    ...second('name', ['data']),
    ...claim('mountPath', [
      'relative/path', '/', '/etc', '/etc/db', '/usr', '/usr/local/db', '/var', '/var/lib', '/opt', '/srv', '/bin/x', '/proc/x', '/var/run/secrets/x',
      '/var/log/db', '/var/lib/db/log', '/var/lib/db/Logs', '/tmp', '/tmp/db', '/var/lib/db/', '/var/lib//db', '/var/lib/../db', '/var/lib/./db', '/var/lib/d b',
      '', 5, null, undefined, {},
    ]),
    ...each('volumeClaims[0].mountPath', ['/data/x', '/data/x/db', '/data'], (p, v) => ({ ...p, writablePaths: ['/data/x'], volumeClaims: [{ ...CLAIM, mountPath: v }] })),
    ...each('volumeClaims[0].mountPath', ['/data/x/db'], (p, v) => ({ ...p, writablePaths: [{ path: '/data/x', sizeLimit: '1Gi' }], volumeClaims: [{ ...CLAIM, mountPath: v }] })),
    ...second('mountPath', ['/var/lib/db', '/var/lib/db/wal', '/var/lib']),
    ...each('volumeClaims[1].mountPath', ['/var/lib/db'], (p, v) => ({ ...p, volumeClaims: [{ ...CLAIM, mountPath: '/var/lib/db/wal' }, { ...CLAIM, name: 'data-2', mountPath: v }] })),
    ...claim('size', [...BAD_STORAGE, '512Ki', '0.5Mi', '-10Gi', '10Gi ', '10 Gi', '10GB', null, undefined, {}]),
    ...claim('storageClass', ['', 'Fast', 'fast_ssd', '-fast', 'fast-', 'fast.', '.fast', 'fa..st', 'fäst', 'a'.repeat(254), 5, null, undefined, true]),
    ...claim('accessMode', ['ReadWriteMany', 'ReadOnlyMany', 'readwriteonce', 'RWO', '', 5, null]),
    ...second('size', ['0']),
    ...each('zoneSpread', ['yes', 1, 0, 'true', {}, null], (p, v) => ({ ...p, zoneSpread: v })),
    ...each('publishNotReadyAddresses', ['yes', 1, 0, 'true', {}, null], (p, v) => ({ ...p, publishNotReadyAddresses: v })),
  ];
}

export function daemonSetBreakers(): Breaker[] {
  const tol = (field: string, values: readonly unknown[], base: Props = { key: 'dedicated' }) => each(`tolerations[0].${field}`, values, (p, v) => ({ ...p, tolerations: [{ ...base, [field]: v }] }));
  return [
    ...workloadBreakers(),
    ...longRunningBreakers(),
    ...each('nodeSelector', [undefined, null, 'x', 5, [], true, ['disktype=ssd']], (p, v) => ({ ...p, nodeSelector: v })),
    ...['bad key', '-pool', 'pool-', 'Example.com/pool', 'example.com/', '/pool', 'a/b/c', 'é', 'a'.repeat(64)].map((k): Breaker => ({
      prop: /^[A-Za-z_$][\w$]*$/.test(k) ? `nodeSelector.${k}` : `nodeSelector["${k}"]`,
      what: `nodeSelector key ${JSON.stringify(k)}`,
      apply: (p) => ({ ...p, nodeSelector: { [k]: 'x' } }),
    })),
    ...['__proto__', 'constructor', 'prototype'].map((k): Breaker => ({
      prop: `nodeSelector["${k}"]`, what: `nodeSelector key ${k}`, apply: (p) => ({ ...p, nodeSelector: JSON.parse(`{"disktype": "ssd", ${JSON.stringify(k)}: "polluted"}`) }),
    })),
    ...each('nodeSelector.disktype', ['has space', 'a'.repeat(64), '-ssd', 'ssd-', 'sßd', 5, null, true, {}], (p, v) => ({ ...p, nodeSelector: { disktype: v } })),
    ...each('nodeSelector["kubernetes.io/os"]', ['windows', 'Linux', 'darwin', ''], (p, v) => ({ ...p, nodeSelector: { 'kubernetes.io/os': v } })),
    ...each('nodeSelector["beta.kubernetes.io/os"]', ['windows', ''], (p, v) => ({ ...p, nodeSelector: { 'beta.kubernetes.io/os': v } })),
    ...each('tolerations', [undefined, null, 'x', 5, {}, true, { key: 'dedicated' }], (p, v) => ({ ...p, tolerations: v })),
    ...each('tolerations[0]', [null, 5, 'dedicated', true], (p, v) => ({ ...p, tolerations: [v] })),
    // A toleration without a key tolerates every taint.
    ...each('tolerations[0].key', [undefined, '', null, 5, {}], (p, v) => ({ ...p, tolerations: [{ key: v, operator: 'Exists' }] })),
    ...tol('key', ['bad key', '-x', 'x-', 'Example.com/x', 'example.com/', 'a/b/c', 'a'.repeat(64), 'é']),
    ...tol('operator', ['exists', 'equal', 'In', '', 5, null]),
    ...tol('value', ['x', 'a b'], { key: 'dedicated', operator: 'Exists' }),
    ...tol('value', ['has space', 'a'.repeat(64), '-x', 'x-', 'é', 5, null, true]),
    ...tol('value', ['a b'], { key: 'dedicated', operator: 'Equal' }),
    ...tol('effect', ['noschedule', 'NoExec', 'All', '', 5, null]),
    ...each('tolerations[1]', [{ key: 'dedicated' }, { key: 'dedicated', operator: 'Equal', value: '' }], (p, v) => ({ ...p, tolerations: [{ key: 'dedicated' }, v] })),
    ...each('tolerations[2]', [{ key: 'gpu', value: 'a', effect: 'NoSchedule' }], (p, v) => ({ ...p, tolerations: [{ key: 'gpu', value: 'a', effect: 'NoSchedule' }, { key: 'gpu', value: 'b' }, v] })),
    ...each('priorityClassName', ['', 'Bad_Name', 'High', '-high', 'high-', 'high.', 'a'.repeat(254), 'hïgh', 5, true, undefined, null, []], (p, v) => ({ ...p, priorityClassName: v })),
    ...each('nodeCount', [0, 5001, 1.5, -1, NaN, Infinity, '3', undefined, null, true], (p, v) => ({ ...p, nodeCount: v })),
    ...each('maxSurge', [0, -1, 1001, 1.5, NaN, Infinity, '0%', '101%', '01%', '1.5%', '25', '25 %', '', 'x%', null, true], (p, v) => ({ ...p, maxSurge: v })),
    ...each('minReady', MIN_READY, (p, v) => ({ ...p, minReady: v })),
  ];
}

/** The circuit breaker, the rate limit and their nginx sidecar, on fixed ports and probes. */
function proxyBreakers(): Breaker[] {
  const web = (p: Props) => ({
    ...without(p, 'circuitBreaker', 'rateLimit', 'proxy', 'startup'),
    ports: [{ name: 'http', port: 8080 }],
    liveness: Probe.http('/healthz', { port: 'http' }),
    readiness: Probe.http('/ready', { port: 'http' }),
  });
  const cb = (field: string, values: readonly unknown[]) => each(`circuitBreaker.${field}`, values, (p, v) => ({ ...web(p), circuitBreaker: { [field]: v } }));
  const rl = (field: string, values: readonly unknown[]) => each(`rateLimit.${field}`, values, (p, v) => ({ ...web(p), rateLimit: { requestsPerSecond: 10, burst: 5, [field]: v } }));
  return [
    ...each('circuitBreaker', ['x', 5, true, null], (p, v) => ({ ...web(p), circuitBreaker: v })),
    ...cb('timeout', [Duration.millis(5), Duration.minutes(6), 1000, '1s', null]),
    ...cb('failures', [0, 1001, 1.5, NaN, '3', null]),
    ...cb('openFor', [Duration.seconds(0), Duration.hours(2), Duration.millis(1500), 30, null]),
    ...cb('openStatus', [499, 600, 200, 1.5, '503', null]),
    ...cb('openBody', ['$host', 'a\u0001b', 'x'.repeat(4097), 5]),
    ...cb('openContentType', ['json', '', 'text plain', 5]),
    ...cb('bypassPaths', ['/healthz', 5]),
    ...each('circuitBreaker.bypassPaths[0]', ['healthz', '/a b', '/__proxy/ready', '', 5, null], (p, v) => ({ ...web(p), circuitBreaker: { bypassPaths: [v] } })),
    ...cb('implementation', ['envoy', 'Istio', '', 5, null]),
    ...each('circuitBreaker.maxConnections', [0, 1.5, NaN, 1000001, '10'], (p, v) => ({ ...web(p), circuitBreaker: { implementation: 'istio', maxConnections: v } })),
    ...each('circuitBreaker.maxPendingRequests', [0, 1.5, NaN, '10'], (p, v) => ({ ...web(p), circuitBreaker: { implementation: 'istio', maxPendingRequests: v } })),
    ...each('circuitBreaker.implementation', ['istio'], (p, v) => ({
      ...web(p), ports: [], liveness: Probe.exec(['/app/check', '--live']), readiness: Probe.exec(['/app/check', '--ready']), circuitBreaker: { implementation: v },
    })),
    ...each('rateLimit', ['x', 5, true, null], (p, v) => ({ ...web(p), rateLimit: v })),
    ...rl('requestsPerSecond', [0, -1, 1.5, NaN, 100001, '10', null, undefined]),
    ...rl('burst', [-1, 1.5, NaN, 100001, '5', null, undefined]),
    ...rl('nodelay', ['yes', 1, null]),
    ...rl('connectionsPerClient', [0, 1.5, NaN, '2', null]),
    ...rl('status', [399, 600, 1.5, '429', null]),
    ...each('proxy', [{ port: 9000 }, {}], (p, v) => ({ ...web(p), proxy: v })),
    ...each('proxy', ['x', 5, true], (p, v) => ({ ...web(p), rateLimit: { requestsPerSecond: 10, burst: 5 }, proxy: v })),
    ...each('proxy.port', [8080, 80, 70000, 1.5, NaN, '8081', null], (p, v) => ({ ...web(p), rateLimit: { requestsPerSecond: 10, burst: 5 }, proxy: { port: v } })),
    ...each('proxy.port', [8081], (p) => ({ ...web(p), ports: [{ name: 'http', port: 8081 }], rateLimit: { requestsPerSecond: 10, burst: 5 } })),
    ...each('proxy.upstreamPort', ['nope', 'dns', '', 5], (p, v) => ({
      ...web(p), ports: [{ name: 'http', port: 8080 }, { name: 'dns', port: 5353, protocol: 'UDP' }], rateLimit: { requestsPerSecond: 10, burst: 5 }, proxy: { upstreamPort: v },
    })),
    ...each('proxy.image', ['nginx', 'nginx:latest', '', 5], (p, v) => ({ ...web(p), rateLimit: { requestsPerSecond: 10, burst: 5 }, proxy: { image: v } })),
    ...each('ports', ['proxy'], (p) => ({ ...web(p), ports: [{ name: 'proxy', port: 8080 }], liveness: Probe.tcp({ port: 'proxy' }), readiness: Probe.http('/ready', { port: 'proxy' }), rateLimit: { requestsPerSecond: 10, burst: 5 } })),
    ...each('ports', ['udp only'], (p) => ({
      ...web(p), ports: [{ name: 'dns', port: 5353, protocol: 'UDP' }], liveness: Probe.exec(['/app/check', '--live']), readiness: Probe.exec(['/app/check', '--ready']),
      rateLimit: { requestsPerSecond: 10, burst: 5 },
    })),
  ];
}

export function configuredAppBreakers(binaryFile: string): Breaker[] {
  const files = [ConfigFile.inline('app.yaml', 'listen: 8080\n')];
  const noConfig = (p: Props) => without(p, 'configFiles', 'configPath');
  return [
    ...deploymentBreakers(),
    ...each('configFiles', ['x', 5, {}, null, true], (p, v) => ({ ...noConfig(p), configFiles: v })),
    ...each('configFiles[0]', [null, 'app: 1', 5, { name: 'a', text: 'b' }], (p, v) => ({ ...noConfig(p), configFiles: [v] })),
    ...each('configFiles[0].name', ['', 'a b', 'a/b', '..', '.', 'é.yaml', 'a'.repeat(254), 5, null], (p, v) => ({ ...noConfig(p), configFiles: [ConfigFile.inline(v, 'x: 1\n')] })),
    ...each('configFiles[1].name', ['app.yaml'], (p, v) => ({ ...noConfig(p), configFiles: [...files, ConfigFile.inline(v, 'y: 2\n')] })),
    ...each('configFiles[0].text', [5, null, undefined, { path: '/etc/app.yaml' }], (p, v) => ({ ...noConfig(p), configFiles: [ConfigFile.inline('app.yaml', v)] })),
    ...secret(each('configFiles[0]', ['password: hunter2hunter2\n', 'db:\n  password: hunter2hunter2\n', 'url: https://shop:hunter2hunter2@db.example.com/\n'],
      (p, v) => ({ ...noConfig(p), configFiles: [ConfigFile.inline('app.yaml', v)] })), 'hunter2'),
    ...secret(each('configFiles[0]', ['-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n'],
      (p, v) => ({ ...noConfig(p), configFiles: [ConfigFile.inline('key.pem', v)] })), 'MIIBOgIBAAJBAKj34'),
    ...secret(each('configFiles[0]', ['aws: AKIAIOSFODNN7EXAMPLE\n'], (p, v) => ({ ...noConfig(p), configFiles: [ConfigFile.inline('app.yaml', v)] })), 'AKIAIOSFODNN7EXAMPLE'),
    ...secret(each('configFiles[0]', ['token=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n'], (p, v) => ({ ...noConfig(p), configFiles: [ConfigFile.inline('app.env', v)] })), 'ghp_abc'),
    ...each('configFiles[0]', ['/no/such/file.yaml', binaryFile], (p, v) => ({ ...noConfig(p), configFiles: [ConfigFile.fromFile(v)] })),
    ...each('configFiles[0]', ['/no/such/dir'], (p, v) => ({ ...noConfig(p), configFiles: ConfigFile.fromDirectory(v) })),
    ...each('configFiles', ['x'.repeat(1024 * 1024)], (p, v) => ({ ...noConfig(p), configFiles: [ConfigFile.inline('big.txt', v)] })),
    ...each('configPath', ['/', '/etc', '/usr/x', '/usr', '/tmp', '/var', '/run', '/proc/x', 'etc/x', '/etc/x/', '/etc//x', '/etc/../x', '/etc/a b', '', 5],
      (p, v) => ({ ...noConfig(p), configFiles: files, configPath: v })),
    ...each('configPath', ['/data/x', '/data/x/conf', '/data'], (p, v) => ({ ...noConfig(p), writablePaths: ['/data/x'], configFiles: files, configPath: v })),
    ...each('configPath', ['/etc/app'], (p, v) => ({ ...noConfig(p), configPath: v })),
    ...each('settings', ['x', 5, [], null, true], (p, v) => ({ ...p, settings: v })),
    ...['1A', 'A B', '', 'é', 'A=B'].map((k): Breaker => ({ prop: `settings["${k}"]`, what: `settings key ${JSON.stringify(k)}`, apply: (p) => ({ ...p, settings: { [k]: 'v' } }) })),
    ...['__proto__', 'constructor', 'prototype'].map((k): Breaker => ({
      prop: `settings["${k}"]`, what: `settings key ${k}`, apply: (p) => ({ ...p, settings: JSON.parse(`{"CFG_OK": "x", ${JSON.stringify(k)}: "polluted"}`) }),
    })),
    ...each('settings["CFG_A"]', [5, null, NaN, {}, ['x']], (p, v) => ({ ...p, settings: { CFG_A: v } })),
    ...secret(each('settings["DB_PASSWORD"]', ['hunter2hunter2'], (p, v) => ({ ...p, settings: { DB_PASSWORD: v } })), 'hunter2'),
    ...secret(each('settings["DB_PASSWORD"]', [12345678], (p, v) => ({ ...p, settings: { DB_PASSWORD: v } })), '12345678'),
    ...secret(each('settings["CFG_DSN"]', ['postgres://shop:hunter2hunter2@db.example.com/shop'], (p, v) => ({ ...p, settings: { CFG_DSN: v } })), 'hunter2'),
    ...each('settings', ['x'.repeat(1024 * 1024)], (p, v) => ({ ...p, settings: { CFG_BIG: v } })),
    // Without settings: with settings, a non-list `secrets` throws a TypeError (a known bug, corpus.test.ts).
    ...each('secrets', ['x', 5, {}, null, true], (p, v) => ({ ...without(p, 'settings'), secrets: v })),
    ...each('secrets[0]', [null, 5, 'shop-db'], (p, v) => ({ ...p, secrets: [v] })),
    ...each('secrets[0].name', ['', 'Bad', 'a_b', 'a'.repeat(254), 5, null, undefined], (p, v) => ({ ...p, secrets: [{ name: v }] })),
    ...each('secrets[1].name', ['shop-db'], (p, v) => ({ ...p, secrets: [{ name: 'shop-db' }, { name: v }] })),
    ...each('secrets[0].mountPath', ['/', '/etc', 'rel', '/usr/x', '/tmp', '/secrets/', 5], (p, v) => ({ ...p, secrets: [{ name: 'shop-db', mountPath: v }] })),
    ...each('secrets[0].mountPath', ['/data/x/s'], (p, v) => ({ ...p, writablePaths: ['/data/x'], secrets: [{ name: 'shop-db', mountPath: v }] })),
    ...each('secrets[0].env', [5, 'x', null, { variables: 5, reason: 'The vendor SDK reads only the environment.' }, { variables: null, reason: 'The vendor SDK reads only the environment.' }],
      (p, v) => ({ ...p, secrets: [{ name: 'psp', env: v }] })),
    ...each('secrets[0].env.reason', [...BAD_REASONS, undefined], (p, v) => ({ ...p, secrets: [{ name: 'psp', env: { variables: { PSP_KEY: 'key' }, reason: v } }] })),
    ...each('secrets[0].env.variables', ['1A', 'A B', ''], (p, v) => ({ ...p, secrets: [{ name: 'psp', env: { variables: { [v]: 'key' }, reason: 'The vendor SDK reads only the environment.' } }] })),
    ...each('secrets[0].env.variables.PSP_KEY', ['a b', 'a/b', '', 5, null], (p, v) => ({ ...p, secrets: [{ name: 'psp', env: { variables: { PSP_KEY: v }, reason: 'The vendor SDK reads only the environment.' } }] })),
  ];
}

/** Breakers of JobBounds, for BoundedJob and BoundedCronJob. */
function jobBoundsBreakers(): Breaker[] {
  const short = (p: Props) => ({ ...without(p, 'longDeadlineReason'), activeDeadline: Duration.seconds(30) });
  return [
    ...each('activeDeadline', [undefined, null, Duration.seconds(0), Duration.millis(1500), Duration.days(2), Duration.seconds(NaN), Duration.seconds(Infinity), 600, '10m', {}],
      (p, v) => ({ ...without(p, 'longDeadlineReason'), activeDeadline: v })),
    ...each('activeDeadline', [Duration.days(8), Duration.days(365)], (p, v) => ({ ...p, activeDeadline: v, longDeadlineReason: 'The first import copies the whole catalogue.' })),
    ...each('longDeadlineReason', BAD_REASONS, (p, v) => ({ ...p, longDeadlineReason: v })),
    ...each('backoffLimit', [-1, 11, 1.5, NaN, Infinity, '2', null], (p, v) => ({ ...short(p), backoffLimit: v })),
    ...each('restartPolicy', ['Always', '', 'never', 5], (p, v) => ({ ...without(short(p), 'nonRetriableExitCodes'), restartPolicy: v })),
    ...each('restartPolicy', ['OnFailure'], (p, v) => ({ ...short(p), restartPolicy: v, nonRetriableExitCodes: [3] })),
    ...each('parallelism', [0, -1, 1001, 1.5, NaN, '1', null], (p, v) => ({ ...without(short(p), 'completions'), parallelism: v })),
    ...each('parallelism', [5], (p, v) => ({ ...short(p), parallelism: v, completions: 4 })),
    ...each('completions', [0, -1, 1.5, NaN, 100001, '1', null], (p, v) => ({ ...without(short(p), 'parallelism'), completions: v })),
    ...each('nonRetriableExitCodes', [[], 'x', 5, null, [3, 3]], (p, v) => ({ ...without(short(p), 'restartPolicy'), nonRetriableExitCodes: v })),
    ...each('nonRetriableExitCodes[0]', [0, 256, -1, 1.5, NaN, '3', null], (p, v) => ({ ...without(short(p), 'restartPolicy'), nonRetriableExitCodes: [v] })),
  ];
}

export function jobBreakers(): Breaker[] {
  return [
    ...workloadBreakers(),
    ...jobBoundsBreakers(),
    ...each('ttlAfterFinished', [Duration.seconds(0), Duration.days(31), Duration.millis(500), 3600, '1h', null], (p, v) => ({ ...p, ttlAfterFinished: v })),
  ];
}

export function cronJobBreakers(): Breaker[] {
  const every5 = (p: Props) => ({ ...without(p, 'overlapReason', 'startingDeadline', 'longDeadlineReason'), schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid', activeDeadline: Duration.minutes(1) });
  return [
    ...workloadBreakers(),
    ...jobBoundsBreakers().map((b) => ({ ...b, apply: (p: Props) => b.apply({ ...p, schedule: '0 3 * * *', concurrencyPolicy: 'Replace' }) })),
    ...each('schedule', [
      '', ' ', '* * * *', '* * * * * *', '60 * * * *', '* 24 * * *', '* * 0 * *', '* * 32 * *', '* * * 13 *', '* * * * 8', '0 0 30 2 *', '0 0 31 4,6,9,11 *',
      '*/0 * * * *', '5-1 * * * *', '@every 5m', '@reboot', '@fortnightly', 'CRON_TZ=UTC 0 3 * * *', 'TZ=Europe/Berlin 0 3 * * *', 'JAN * * * *', '1,,2 * * * *',
      '1-2-3 * * * *', '* * ? * ?x', '０ 3 * * *', 5, null, NaN, ['0', '3', '*', '*', '*'],
    ], (p, v) => ({ ...p, schedule: v })),
    ...each('timeZone', ['europe/berlin', 'Europe/berlin', 'Mars/Olympus', 'Local', '', ' UTC', 'UTC ', 'UTC+1', '../etc/passwd', 5, null], (p, v) => ({ ...p, timeZone: v })),
    ...each('concurrencyPolicy', ['Allow', 'forbid', '', 5], (p, v) => ({ ...p, concurrencyPolicy: v })),
    ...each('overlapReason', BAD_REASONS, (p, v) => ({ ...p, overlapReason: v })),
    ...each('ttlAfterFinished', [Duration.hours(1), 3600, Duration.seconds(0)], (p, v) => ({ ...p, ttlAfterFinished: v })),
    ...each('activeDeadline', [Duration.minutes(6), Duration.hours(1), Duration.seconds(301)], (p, v) => ({ ...every5(p), activeDeadline: v })),
    ...each('startingDeadline', [Duration.seconds(59), Duration.seconds(0), Duration.millis(60500), Duration.seconds(301), Duration.hours(1), 300, '5m', null], (p, v) => ({ ...every5(p), startingDeadline: v })),
    ...each('successfulJobsHistoryLimit', [-1, 101, ...BAD_COUNT, null], (p, v) => ({ ...p, successfulJobsHistoryLimit: v })),
    ...each('failedJobsHistoryLimit', [-1, 101, ...BAD_COUNT, null], (p, v) => ({ ...p, failedJobsHistoryLimit: v })),
  ];
}

export function quotaNamespaceBreakers(): Breaker[] {
  const quota = { requestsCpu: '4', requestsMemory: '8Gi', limitsMemory: '16Gi', pods: 40 };
  const q = (field: string, values: readonly unknown[]) => each(`quota.${field}`, values, (p, v) => ({ ...p, quota: { ...quota, [field]: v } }));
  const pair = (field: string, values: readonly unknown[], r: 'cpu' | 'memory') => each(`containerLimits.${field}.${r}`, values,
    (p, v) => ({ ...p, containerLimits: { defaultRequest: {}, default: {}, max: {}, [field]: { [r]: v } } }));
  return [
    ...each('name', BAD_NAMESPACES.filter((n) => n !== null), (p, v) => ({ ...p, name: v })),
    ...each('quota', [null, 'x', 5, undefined, true], (p, v) => ({ ...p, quota: v })),
    ...q('requestsCpu', [...BAD_CPU, undefined]),
    ...q('requestsMemory', [...BAD_MEMORY, undefined]),
    ...q('limitsMemory', [...BAD_MEMORY, undefined]),
    ...q('limitsCpu', [...BAD_CPU]),
    ...q('pods', [0, -1, 1.5, NaN, Infinity, '10', 100001, null, undefined]),
    ...q('services', [0, ...BAD_COUNT, 100001, null]),
    ...q('configMaps', [0, ...BAD_COUNT, null]),
    ...q('secrets', [0, ...BAD_COUNT, null]),
    ...q('persistentVolumeClaims', [0, ...BAD_COUNT, null]),
    ...each('containerLimits', ['x', 5, true], (p, v) => ({ ...p, containerLimits: v })),
    ...each('containerLimits.defaultRequest', ['x', 5], (p, v) => ({ ...p, containerLimits: { defaultRequest: v } })),
    ...each('containerLimits.default', ['x', 5], (p, v) => ({ ...p, containerLimits: { default: v } })),
    ...each('containerLimits.max', ['x', 5], (p, v) => ({ ...p, containerLimits: { max: v } })),
    ...pair('defaultRequest', BAD_CPU.filter((v) => v !== null), 'cpu'),
    ...pair('default', BAD_MEMORY.filter((v) => v !== null), 'memory'),
    ...pair('max', ['512mb', '-1', '1.5.0', '0'], 'cpu'),
    ...pair('max', ['512mb', '-1', '1.5.0', '512m'], 'memory'),
    ...each('containerLimits.default.memory', ['512Mi'], (p, v) => ({ ...p, containerLimits: { defaultRequest: { memory: '1Gi' }, default: { memory: v } } })),
    ...each('containerLimits.max.cpu', ['1'], (p, v) => ({ ...p, containerLimits: { defaultRequest: { cpu: '2' }, default: {}, max: { cpu: v } } })),
    ...each('containerLimits.max.memory', ['100Mi'], (p, v) => ({ ...p, containerLimits: { max: { memory: v } } })),
    ...each('labels', ['x', 5, [], true], (p, v) => ({ ...p, labels: v })),
    ...['__proto__', 'constructor', 'prototype'].map((k): Breaker => ({
      prop: `labels["${k}"]`, what: `labels key ${k}`, apply: (p) => ({ ...p, labels: JSON.parse(`{"team": "a", ${JSON.stringify(k)}: "polluted"}`) }),
    })),
    ...each('labels.team', [5, null, {}, ['x']], (p, v) => ({ ...p, labels: { team: v } })),
  ];
}

/** A breaker chosen at random, with the valid props it breaks. */
type BrokenProps = fc.Arbitrary<{ breaker: Breaker; props: Props }>;

export function broken<T>(valid: fc.Arbitrary<T>, breakers: readonly Breaker[], propsOf: (t: T) => Props): BrokenProps {
  return fc.tuple(valid, fc.integer({ min: 0, max: breakers.length - 1 }))
    .map(([v, i]) => ({ breaker: breakers[i], props: breakers[i].apply(propsOf(v)) }));
}

export const REPO_ROOT = path.join(__dirname, '..', '..');
