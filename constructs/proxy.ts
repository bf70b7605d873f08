import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { PROXIED_PORT_ANNOTATION } from '../src/k8s/annotations';
import { PROXY_CONFIG_VOLUME } from '../src/k8s/proxy-config';
import { contentHashedName } from './content-hash';
import { refuse } from './errors';
import { resolveImage } from './image';
import { checkDuration, checkInteger, checkPortNumber, compactDuration } from './validate';
import { containerSecurityContext } from './workload';

/**
 * The nginx sidecar of patterns 12 and 13: a circuit breaker and a rate limiter in front of the
 * app, in the same pod, configured from a ConfigMap we generate (never baked into an image).
 *
 * Why the upstream has two servers: nginx ignores `max_fails`/`fail_timeout` when an upstream
 * holds a single server ("such a server will never be considered unavailable"), so the obvious
 * one-server upstream never opens. The app is the primary server; a `backup` server inside the
 * same nginx answers while the primary is marked unavailable — the open circuit. `fail_timeout`
 * is both the window in which `max_fails` failures open the circuit and how long it stays open;
 * after it, the next request tries the app again (half-open), and one more failure reopens it.
 * The upstream has a shared-memory `zone`, so every worker sees the same state.
 *
 * The backup answers with a private status (598) that `proxy_next_upstream` does not list: were
 * it the caller's 503, nginx would count it as the backup failing too, look for a next server,
 * find none and answer 502. The front location turns 598 into the configured answer.
 */
export const OPEN_CIRCUIT_STATUS = 598;

export interface CircuitBreakerOptions {
  /**
   * How long a call may take (connect, send, read) before it counts as a failure and the caller
   * gets the open-circuit answer.
   * @default Duration.seconds(1)
   */
  readonly timeout?: Duration;
  /**
   * Failed calls (errors, timeouts, 5xx) within `openFor` that open the circuit.
   * @default 3
   */
  readonly failures?: number;
  /**
   * How long the circuit stays open (calls are answered without reaching the app). nginx keeps
   * time in whole seconds, so it reopens the way between `openFor` and `openFor` + 1 s later.
   * @default Duration.seconds(30)
   */
  readonly openFor?: Duration;
  /**
   * Status callers get while the circuit is open or a call times out.
   * @default 503
   */
  readonly openStatus?: number;
  /**
   * Body of that answer (no `$`: nginx would read it as a variable).
   * @default '{"error":"<name> is unavailable"}'
   */
  readonly openBody?: string;
  /**
   * @default "application/json"
   */
  readonly openContentType?: string;
  /**
   * Paths passed straight to the app, never answered by the breaker (health checks).
   * @default the HTTP paths of the liveness and readiness probes
   */
  readonly bypassPaths?: readonly string[];
  /**
   * `sidecar`: the nginx breaker in the pod. `istio`: a DestinationRule (outlier detection,
   * connection pool) and a VirtualService timeout, for clusters that run Istio.
   * @default "sidecar"
   */
  readonly implementation?: 'sidecar' | 'istio';
  /**
   * With Istio: the most concurrent connections to the service.
   * @default no limit
   */
  readonly maxConnections?: number;
  /**
   * With Istio: the most requests waiting for a connection.
   * @default no limit
   */
  readonly maxPendingRequests?: number;
}

export interface RateLimitOptions {
  /** Sustained requests per second each client may make. */
  readonly requestsPerSecond: number;
  /** Requests above the rate a client may make at once before being refused. */
  readonly burst: number;
  /**
   * Serve the burst at once (true) instead of spacing it out at the rate.
   * @default true
   */
  readonly nodelay?: boolean;
  /**
   * Concurrent connections each client may hold.
   * @default no limit
   */
  readonly connectionsPerClient?: number;
  /**
   * Status of a refused request.
   * @default 429
   */
  readonly status?: number;
}

/** Everything the nginx config needs, resolved and checked. */
export interface ProxyConfig {
  readonly name: string;
  /** Port nginx listens on for callers (all interfaces). */
  readonly listenPort: number;
  /** The app's port, reached on 127.0.0.1. */
  readonly appPort: number;
  /** Port of the internal open-circuit server, on 127.0.0.1. */
  readonly fallbackPort: number;
  readonly breaker?: {
    readonly timeoutMs: number;
    readonly failures: number;
    readonly openForSeconds: number;
    readonly status: number;
    readonly body: string;
    readonly contentType: string;
    readonly bypassPaths: readonly string[];
  };
  readonly rateLimit?: {
    readonly rate: number;
    readonly burst: number;
    readonly nodelay: boolean;
    readonly connections?: number;
    readonly status: number;
  };
  /** Path nginx answers itself, for the sidecar's readiness probe. */
  readonly readyPath: string;
}

export const PROXY_READY_PATH = '/__proxy/ready';

/** Checks the breaker props; `defaultBypass` are the app's HTTP probe paths. */
export function resolveBreaker(scope: IConstruct, prop: string, o: CircuitBreakerOptions, name: string, defaultBypass: string[]): NonNullable<ProxyConfig['breaker']> {
  if (typeof o !== 'object' || o === null) refuse(scope, prop, o, '{ timeout?, failures?, openFor?, openStatus?, openBody?, bypassPaths?, implementation? }');
  const timeoutMs = o.timeout === undefined ? 1000 : durationMs(scope, `${prop}.timeout`, o.timeout, 10, 300_000);
  const failures = o.failures === undefined ? 3 : checkInteger(scope, `${prop}.failures`, o.failures, 1, 1000);
  const openForSeconds = o.openFor === undefined ? 30 : checkDuration(scope, `${prop}.openFor`, o.openFor, 1, 3600);
  const status = o.openStatus === undefined ? 503 : checkInteger(scope, `${prop}.openStatus`, o.openStatus, 500, 599, 'a server error: the caller must see that the call failed');
  const body = o.openBody ?? `{"error":"${name} is unavailable"}`;
  if (typeof body !== 'string' || body.length > 4096 || /[$\u0000-\u0008\u000b-\u001f]/.test(body)) {
    refuse(scope, `${prop}.openBody`, body, 'a text of at most 4096 characters without "$" or control characters');
  }
  const contentType = o.openContentType ?? 'application/json';
  if (typeof contentType !== 'string' || !/^[a-z]+\/[a-z0-9.+-]+(; ?charset=[a-z0-9-]+)?$/i.test(contentType)) {
    refuse(scope, `${prop}.openContentType`, contentType, 'a media type such as "application/json" or "text/plain; charset=utf-8"');
  }
  const bypass = o.bypassPaths ?? defaultBypass;
  if (!Array.isArray(bypass)) refuse(scope, `${prop}.bypassPaths`, bypass, 'a list of URL paths');
  bypass.forEach((p, i) => {
    if (typeof p !== 'string' || !/^\/[A-Za-z0-9._~!&'()*+,;=:@%/-]*$/.test(p) || p === PROXY_READY_PATH) {
      refuse(scope, `${prop}.bypassPaths[${i}]`, p, 'an absolute URL path of URL-safe characters, e.g. "/healthz"');
    }
  });
  return { timeoutMs, failures, openForSeconds, status, body, contentType, bypassPaths: [...new Set(bypass)] };
}

export function resolveRateLimit(scope: IConstruct, prop: string, o: RateLimitOptions): NonNullable<ProxyConfig['rateLimit']> {
  if (typeof o !== 'object' || o === null) refuse(scope, prop, o, '{ requestsPerSecond, burst, nodelay?, connectionsPerClient?, status? }');
  const rate = checkInteger(scope, `${prop}.requestsPerSecond`, o.requestsPerSecond, 1, 100000);
  const burst = checkInteger(scope, `${prop}.burst`, o.burst, 0, 100000);
  if (o.nodelay !== undefined && typeof o.nodelay !== 'boolean') refuse(scope, `${prop}.nodelay`, o.nodelay, 'true or false');
  const connections = o.connectionsPerClient === undefined ? undefined : checkInteger(scope, `${prop}.connectionsPerClient`, o.connectionsPerClient, 1, 100000);
  const status = o.status === undefined ? 429 : checkInteger(scope, `${prop}.status`, o.status, 400, 599);
  return { rate, burst, nodelay: o.nodelay ?? true, ...(connections !== undefined ? { connections } : {}), status };
}

function durationMs(scope: IConstruct, prop: string, d: unknown, min: number, max: number): number {
  const allowed = `a Duration from ${min} ms to ${max / 1000} s, e.g. Duration.seconds(1) or Duration.millis(500)`;
  if (!(d instanceof Duration)) refuse(scope, prop, d, allowed);
  const ms = d.toMilliseconds();
  if (!Number.isInteger(ms) || ms < min || ms > max) refuse(scope, prop, d, allowed);
  return ms;
}

/** A string literal for nginx, in double quotes. */
function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The whole nginx.conf. Relative paths (pid, temp folders) resolve against nginx's prefix
 * (`-p /tmp/`), so the same text runs read-only in the pod and in a test's temporary folder.
 */
export function renderNginxConfig(c: ProxyConfig): string {
  const b = c.breaker;
  const r = c.rateLimit;
  const lines: string[] = [
    `# Generated by cdk8s-prod for "${c.name}"; do not edit (change the construct's props).`,
    `# ${[b ? `circuit breaker: ${b.failures} failures within ${b.openForSeconds}s open it for ${b.openForSeconds}s, calls time out after ${compactDuration(b.timeoutMs)}` : '', r ? `rate limit: ${r.rate} r/s per client, burst ${r.burst}` : ''].filter(Boolean).join('; ')}`,
    'daemon off;',
    'worker_processes 1;',
    'pid nginx.pid;',
    'error_log stderr warn;',
    'events {',
    '  worker_connections 1024;',
    '}',
    'http {',
    '  access_log /dev/stdout;',
    '  server_tokens off;',
    '  default_type application/octet-stream;',
    '  client_body_temp_path client_body_temp;',
    '  proxy_temp_path proxy_temp;',
    '  fastcgi_temp_path fastcgi_temp;',
    '  uwsgi_temp_path uwsgi_temp;',
    '  scgi_temp_path scgi_temp;',
  ];
  if (r) {
    lines.push(
      `  limit_req_zone $binary_remote_addr zone=per_client:10m rate=${r.rate}r/s;`,
      `  limit_req_status ${r.status};`,
    );
    if (r.connections !== undefined) {
      lines.push('  limit_conn_zone $binary_remote_addr zone=connections_per_client:10m;', `  limit_conn_status ${r.status};`);
    }
  }
  const app = `127.0.0.1:${c.appPort}`;
  lines.push('  upstream app_direct {', `    server ${app};`, '  }');
  if (b) {
    lines.push(
      '  upstream app_breaker {',
      '    zone app_breaker 64k;',
      `    server ${app} max_fails=${b.failures} fail_timeout=${b.openForSeconds}s;`,
      // max_fails=0: the open circuit answers 5xx on purpose; counting those would mark it down too (502s).
      `    server 127.0.0.1:${c.fallbackPort} backup max_fails=0;`,
      '  }',
      '  # The open circuit: answers for the app while it is marked unavailable.',
      '  server {',
      `    listen 127.0.0.1:${c.fallbackPort};`,
      '    access_log off;',
      '    location / {',
      `      return ${OPEN_CIRCUIT_STATUS};`,
      '    }',
      '  }',
    );
  }
  const proxyHeaders = [
    '      proxy_http_version 1.1;',
    '      proxy_set_header Connection "";',
    '      proxy_set_header Host $host;',
    '      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
  ];
  lines.push(
    '  server {',
    `    listen ${c.listenPort};`,
    `    location = ${c.readyPath} {`,
    '      access_log off;',
    '      default_type text/plain;',
    '      return 200 "ready\\n";',
    '    }',
  );
  if (b) {
    lines.push(
      '    location @circuit_open {',
      `      default_type ${quote(b.contentType)};`,
      `      return ${b.status} ${quote(b.body)};`,
      '    }',
    );
  }
  for (const p of b?.bypassPaths ?? []) {
    lines.push(`    location = ${p} {`, '      proxy_pass http://app_direct;', ...proxyHeaders, '    }');
  }
  lines.push('    location / {');
  if (r) {
    lines.push(`      limit_req zone=per_client${r.burst > 0 ? ` burst=${r.burst}` : ''}${r.nodelay ? ' nodelay' : ''};`);
    if (r.connections !== undefined) lines.push(`      limit_conn connections_per_client ${r.connections};`);
  }
  if (b) {
    const t = compactDuration(b.timeoutMs);
    lines.push(
      '      proxy_pass http://app_breaker;',
      `      proxy_connect_timeout ${t};`,
      `      proxy_send_timeout ${t};`,
      `      proxy_read_timeout ${t};`,
      '      proxy_next_upstream error timeout http_500 http_502 http_503 http_504;',
      '      proxy_intercept_errors on;',
      `      error_page ${OPEN_CIRCUIT_STATUS} = @circuit_open;`,
    );
  } else {
    lines.push('      proxy_pass http://app_direct;');
  }
  lines.push(...proxyHeaders, '    }', '  }', '}', '');
  return lines.join('\n');
}

/** The nginx sidecar that carries the circuit breaker and the rate limit. */
export interface ProxySidecarOptions {
  /**
   * The port nginx listens on (named "proxy"); the Service routes the fronted port here.
   * @default 8081
   */
  readonly port?: number;
  /**
   * The name of the app port the proxy fronts.
   * @default the first TCP port
   */
  readonly upstreamPort?: string;
  /**
   * The nginx image (pinned; it must have nginx on its PATH and run as any non-root user).
   * @default "docker.io/nginxinc/nginx-unprivileged:1.27.3-alpine"
   */
  readonly image?: string;
}

export const DEFAULT_PROXY_IMAGE = 'docker.io/nginxinc/nginx-unprivileged:1.27.3-alpine';

/** What a workload asks of the proxy: a sidecar breaker, a rate limit, and where the sidecar listens. */
export interface ProxyRequest {
  readonly circuitBreaker?: CircuitBreakerOptions;
  readonly rateLimit?: RateLimitOptions;
  readonly proxy?: ProxySidecarOptions;
}

/** A port of the app, as the proxy fronts it. */
export interface ProxiedPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
}

/** The sidecar and what the pod needs for it. */
export interface ProxySidecar {
  /** The name of the app port the proxy fronts. */
  readonly fronted: string;
  readonly configMap: k8s.KubeConfigMap;
  /** The rendered nginx.conf. */
  readonly text: string;
  readonly pod: { readonly sidecars: k8s.Container[]; readonly volumes: k8s.Volume[]; readonly annotations: Record<string, string> };
}

/**
 * The nginx sidecar, its immutable ConfigMap (made in `scope`) and volumes, when a sidecar
 * breaker or a rate limit is asked for; undefined when neither is.
 */
export function proxySidecar(scope: IConstruct, name: string, metadata: k8s.ObjectMeta, props: ProxyRequest,
  ports: readonly ProxiedPort[], probes: { liveness: k8s.Probe; readiness: k8s.Probe }): ProxySidecar | undefined {
  const sidecarBreaker = props.circuitBreaker !== undefined && props.circuitBreaker?.implementation !== 'istio';
  if (props.circuitBreaker !== undefined && !['sidecar', 'istio', undefined].includes(props.circuitBreaker?.implementation)) {
    refuse(scope, 'circuitBreaker.implementation', props.circuitBreaker.implementation, '"sidecar" or "istio"');
  }
  if (!sidecarBreaker && props.rateLimit === undefined) {
    if (props.proxy !== undefined) refuse(scope, 'proxy', props.proxy, 'nothing unless circuitBreaker (sidecar) or rateLimit is set');
    return undefined;
  }
  const o = props.proxy ?? {};
  if (typeof o !== 'object' || o === null) refuse(scope, 'proxy', o, '{ port?, upstreamPort?, image? }');
  const tcp = ports.filter((p) => p.protocol === 'TCP');
  const fronted = o.upstreamPort ?? tcp[0]?.name;
  if (fronted === undefined) refuse(scope, 'ports', [], 'a TCP port for the proxy to front (circuitBreaker and rateLimit put nginx in front of one)');
  const app = tcp.find((p) => p.name === fronted);
  if (!app) refuse(scope, 'proxy.upstreamPort', fronted, `the name of a declared TCP port: ${tcp.map((p) => `"${p.name}"`).join(', ')}`);
  const listenPort = o.port === undefined ? 8081 : checkPortNumber(scope, 'proxy.port', o.port, 1024);
  if (ports.some((p) => p.port === listenPort)) refuse(scope, 'proxy.port', listenPort, 'a port the app does not use');
  if (ports.some((p) => p.name === 'proxy')) refuse(scope, 'ports', 'proxy', 'port names other than "proxy", which the sidecar takes');
  // The open-circuit server listens on loopback only, on a port nothing else in the pod uses.
  let fallbackPort = 18082;
  while (fallbackPort === listenPort || ports.some((p) => p.port === fallbackPort)) fallbackPort++;

  const httpPaths = [probes.liveness, probes.readiness].map((p) => p.httpGet?.path).filter((p): p is string => typeof p === 'string');
  const config: ProxyConfig = {
    name: name,
    listenPort,
    appPort: app.port,
    fallbackPort,
    readyPath: PROXY_READY_PATH,
    ...(sidecarBreaker ? { breaker: resolveBreaker(scope, 'circuitBreaker', props.circuitBreaker!, name, httpPaths) } : {}),
    ...(props.rateLimit !== undefined ? { rateLimit: resolveRateLimit(scope, 'rateLimit', props.rateLimit) } : {}),
  };
  const text = renderNginxConfig(config);
  const image = resolveImage(scope, 'proxy.image', o.image ?? DEFAULT_PROXY_IMAGE);
  const configMap = new k8s.KubeConfigMap(scope, 'ProxyConfig', {
    metadata: { ...metadata, name: contentHashedName(`${name}-proxy`, { 'nginx.conf': text }) },
    immutable: true,
    data: { 'nginx.conf': text },
  });
  const q = k8s.Quantity.fromString;
  const sidecar: k8s.Container = {
    name: 'proxy',
    image: image.ref,
    imagePullPolicy: image.pullPolicy,
    // -p: relative paths (pid, temp folders) land in the writable /tmp; -e: no log file before the config is read.
    command: ['nginx', '-p', '/tmp/', '-e', 'stderr', '-c', '/etc/nginx/proxy/nginx.conf'],
    ports: [{ name: 'proxy', containerPort: listenPort, protocol: 'TCP' }],
    livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('proxy') }, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 },
    readinessProbe: { httpGet: { path: PROXY_READY_PATH, port: k8s.IntOrString.fromString('proxy'), scheme: 'HTTP' }, periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 2 },
    resources: { requests: { cpu: q('25m'), memory: q('32Mi') }, limits: { cpu: q('200m'), memory: q('64Mi') } },
    securityContext: containerSecurityContext(),
    volumeMounts: [
      { name: PROXY_CONFIG_VOLUME, mountPath: '/etc/nginx/proxy', readOnly: true },
      { name: 'proxy-tmp', mountPath: '/tmp' },
    ],
  };
  return {
    fronted,
    configMap,
    text,
    pod: {
      sidecars: [sidecar],
      volumes: [
        { name: PROXY_CONFIG_VOLUME, configMap: { name: configMap.name } },
        { name: 'proxy-tmp', emptyDir: { sizeLimit: q('32Mi') } },
      ],
      annotations: { [PROXIED_PORT_ANNOTATION]: fronted },
    },
  };
}
