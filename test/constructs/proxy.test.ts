import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration } from 'cdk8s';
import { DEFAULT_PROXY_IMAGE, ProductionApp, ProductionDeployment, ProductionDeploymentProps, Probe } from '../../src';
import { propErrorOf } from './refusal';

function build(extra: Partial<ProductionDeploymentProps>) {
  const app = new ProductionApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'proxy-c-')) });
  const d = new ProductionDeployment(new Chart(app, 'shop', { namespace: 'shop' }), 'weather', {
    image: 'registry.example.com/shop/weather:1.0.0',
    ports: [{ name: 'http', port: 8080, servicePort: 80 }, { name: 'metrics', port: 9090 }],
    liveness: Probe.http('/healthz', { port: 'http' }),
    readiness: Probe.http('/ready', { port: 'http' }),
    resources: 'small',
    ...extra,
  });
  return { app, d };
}

function refusal(extra: Record<string, unknown>): string {
  return propErrorOf(() => build(extra as Partial<ProductionDeploymentProps>)).message;
}

describe('the proxy sidecar (circuit breaker and rate limit)', () => {
  const { app, d } = build({ circuitBreaker: {}, rateLimit: { requestsPerSecond: 10, burst: 20 } });
  const pod = d.deployment.toJson().spec.template;
  const proxy = pod.spec.containers.find((c: any) => c.name === 'proxy');

  test('passes every rule with no suppression', () => {
    const report = app.audit();
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toEqual([]);
  });

  test('the Service routes the fronted port to the proxy; other ports stay direct', () => {
    expect(d.service!.toJson().spec.ports).toEqual([
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 'proxy' },
      { name: 'metrics', port: 9090, protocol: 'TCP', targetPort: 'metrics' },
    ]);
  });

  test('the NetworkPolicy admits the proxy port and not the fronted app port', () => {
    expect(d.networkPolicy.toJson().spec.ingress[0].ports).toEqual([
      { port: 'metrics', protocol: 'TCP' },
      { port: 'proxy', protocol: 'TCP' },
    ]);
  });

  test('the sidecar meets the baseline: pinned image, probes, resources, read-only root, /tmp on an emptyDir', () => {
    expect(proxy).toMatchObject({
      image: DEFAULT_PROXY_IMAGE,
      imagePullPolicy: 'IfNotPresent',
      command: ['nginx', '-p', '/tmp/', '-e', 'stderr', '-c', '/etc/nginx/proxy/nginx.conf'],
      ports: [{ name: 'proxy', containerPort: 8081, protocol: 'TCP' }],
      livenessProbe: { tcpSocket: { port: 'proxy' } },
      readinessProbe: { httpGet: { path: '/__proxy/ready', port: 'proxy' } },
      resources: { requests: { cpu: '25m', memory: '32Mi' }, limits: { cpu: '200m', memory: '64Mi' } },
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
      volumeMounts: [{ name: 'proxy-config', mountPath: '/etc/nginx/proxy', readOnly: true }, { name: 'proxy-tmp', mountPath: '/tmp' }],
    });
    expect(pod.metadata.annotations['cdk8s-prod.io/proxied-port']).toBe('http');
  });

  test('the config lives in an immutable ConfigMap named by its content', () => {
    const cm = d.proxyConfigMap!.toJson();
    expect(cm.immutable).toBe(true);
    expect(cm.metadata.name).toMatch(/^weather-proxy-[0-9a-f]{10}$/);
    expect(cm.data['nginx.conf']).toBe(d.proxyConfig);
    expect(pod.spec.volumes).toContainEqual({ name: 'proxy-config', configMap: { name: cm.metadata.name } });
    const other = build({ circuitBreaker: { openFor: Duration.seconds(31) }, rateLimit: { requestsPerSecond: 10, burst: 20 } }).d;
    expect(other.proxyConfigMap!.toJson().metadata.name).not.toBe(cm.metadata.name);
  });

  test('the breaker config: two-server upstream, the open answer, health checks bypassing it', () => {
    const conf = d.proxyConfig!;
    expect(conf).toContain('    server 127.0.0.1:8080 max_fails=3 fail_timeout=30s;\n    server 127.0.0.1:18082 backup max_fails=0;');
    expect(conf).toContain('      proxy_read_timeout 1s;');
    expect(conf).toContain('      return 503 "{\\"error\\":\\"weather is unavailable\\"}";');
    expect(conf).toContain('    location = /healthz {\n      proxy_pass http://app_direct;');
    expect(conf).toContain('      limit_req zone=per_client burst=20 nodelay;');
  });
});

describe('the Istio form of the breaker', () => {
  const { app, d } = build({ circuitBreaker: { implementation: 'istio', timeout: Duration.millis(1500), failures: 5, openFor: Duration.seconds(45), maxConnections: 100, maxPendingRequests: 50 } });

  test('emits a DestinationRule and a VirtualService instead of the sidecar, passing every rule', () => {
    expect(d.deployment.toJson().spec.template.spec.containers.map((c: any) => c.name)).toEqual(['app']);
    expect(d.destinationRule!.toJson()).toMatchObject({
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'DestinationRule',
      metadata: { name: 'weather', namespace: 'shop' },
      spec: {
        host: 'weather.shop.svc.cluster.local',
        trafficPolicy: {
          outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '45s', maxEjectionPercent: 100 },
          connectionPool: { tcp: { connectTimeout: '1500ms', maxConnections: 100 }, http: { http1MaxPendingRequests: 50 } },
        },
      },
    });
    expect(d.virtualService!.toJson().spec).toEqual({
      hosts: ['weather.shop.svc.cluster.local'],
      http: [{ timeout: '1500ms', route: [{ destination: { host: 'weather.shop.svc.cluster.local' } }] }],
    });
    expect(app.audit().findings).toEqual([]);
  });

  /** The fields Istio documents for these kinds (networking.istio.io reference), for the parts we emit. */
  const DOCUMENTED: Record<string, string[]> = {
    'DestinationRule.spec': ['host', 'trafficPolicy', 'subsets', 'exportTo', 'workloadSelector'],
    'trafficPolicy': ['loadBalancer', 'connectionPool', 'outlierDetection', 'tls', 'portLevelSettings', 'tunnel', 'proxyProtocol'],
    'outlierDetection': ['splitExternalLocalOriginErrors', 'consecutiveLocalOriginFailures', 'consecutiveGatewayErrors', 'consecutive5xxErrors', 'interval', 'baseEjectionTime', 'maxEjectionPercent', 'minHealthPercent'],
    'connectionPool': ['tcp', 'http'],
    'connectionPool.tcp': ['maxConnections', 'connectTimeout', 'tcpKeepalive', 'maxConnectionDuration', 'idleTimeout'],
    'connectionPool.http': ['http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection', 'maxRetries', 'idleTimeout', 'h2UpgradePolicy', 'useClientProtocol', 'maxConcurrentStreams'],
    'VirtualService.spec': ['hosts', 'gateways', 'http', 'tls', 'tcp', 'exportTo'],
    'http': ['name', 'match', 'route', 'redirect', 'delegate', 'rewrite', 'timeout', 'retries', 'fault', 'mirror', 'mirrorPercentage', 'corsPolicy', 'headers', 'directResponse'],
    'route': ['destination', 'weight', 'headers'],
    'destination': ['host', 'subset', 'port'],
  };
  const DURATION = /^\d+(ms|s|m|h)$/;

  test('every field we emit is one Istio documents, with the documented value types', () => {
    const drSpec = d.destinationRule!.toJson().spec;
    const check = (obj: Record<string, unknown>, where: string) =>
      expect(Object.keys(obj).filter((k) => !DOCUMENTED[where].includes(k))).toEqual([]);
    check(drSpec, 'DestinationRule.spec');
    check(drSpec.trafficPolicy, 'trafficPolicy');
    check(drSpec.trafficPolicy.outlierDetection, 'outlierDetection');
    check(drSpec.trafficPolicy.connectionPool, 'connectionPool');
    check(drSpec.trafficPolicy.connectionPool.tcp, 'connectionPool.tcp');
    check(drSpec.trafficPolicy.connectionPool.http, 'connectionPool.http');
    const od = drSpec.trafficPolicy.outlierDetection;
    expect(Number.isInteger(od.consecutive5xxErrors)).toBe(true);
    expect(od.interval).toMatch(DURATION);
    expect(od.baseEjectionTime).toMatch(DURATION);
    expect(od.maxEjectionPercent).toBeLessThanOrEqual(100);
    const vs = d.virtualService!.toJson().spec;
    check(vs, 'VirtualService.spec');
    check(vs.http[0], 'http');
    check(vs.http[0].route[0], 'route');
    check(vs.http[0].route[0].destination, 'destination');
    expect(vs.http[0].timeout).toMatch(DURATION);
  });
});

describe('refusals', () => {
  test.each([
    [{ circuitBreaker: { failures: 0 } }, 'shop/weather: invalid circuitBreaker.failures: got 0; a whole number from 1 to 1000'],
    [{ circuitBreaker: { timeout: Duration.millis(5) } }, 'shop/weather: invalid circuitBreaker.timeout: got Duration "5 millis"; a Duration from 10 ms to 300 s'],
    [{ circuitBreaker: { openStatus: 200 } }, 'shop/weather: invalid circuitBreaker.openStatus: got 200; a whole number from 500 to 599 (a server error: the caller must see that the call failed)'],
    [{ circuitBreaker: { openBody: 'costs $5' } }, 'shop/weather: invalid circuitBreaker.openBody: got "costs $5"; a text of at most 4096 characters without "$" or control characters'],
    [{ circuitBreaker: { bypassPaths: ['healthz'] } }, 'shop/weather: invalid circuitBreaker.bypassPaths[0]: got "healthz"; an absolute URL path'],
    [{ circuitBreaker: { implementation: 'linkerd' } }, 'shop/weather: invalid circuitBreaker.implementation: got "linkerd"; "sidecar" or "istio"'],
    [{ rateLimit: { requestsPerSecond: 0, burst: 1 } }, 'shop/weather: invalid rateLimit.requestsPerSecond: got 0; a whole number from 1 to 100000'],
    [{ rateLimit: { requestsPerSecond: 5, burst: -1 } }, 'shop/weather: invalid rateLimit.burst: got -1; a whole number from 0 to 100000'],
    [{ rateLimit: { requestsPerSecond: 5, burst: 1, status: 200 } }, 'shop/weather: invalid rateLimit.status: got 200; a whole number from 400 to 599'],
    [{ rateLimit: { requestsPerSecond: 5, burst: 1 }, proxy: { port: 8080 } }, 'shop/weather: invalid proxy.port: got 8080; a port the app does not use'],
    [{ rateLimit: { requestsPerSecond: 5, burst: 1 }, proxy: { upstreamPort: 'grpc' } }, 'shop/weather: invalid proxy.upstreamPort: got "grpc"; the name of a declared TCP port: "http", "metrics"'],
    [{ rateLimit: { requestsPerSecond: 5, burst: 1 }, proxy: { image: 'nginx' } }, 'shop/weather: invalid proxy.image: got "nginx"'],
    [{ proxy: { port: 9000 } }, 'shop/weather: invalid proxy: got {"port":9000}; nothing unless circuitBreaker (sidecar) or rateLimit is set'],
  ])('%j', (extra, message) => {
    expect(refusal(extra)).toContain(message);
  });

  test('a breaker needs a TCP port to front; Istio needs a Service', () => {
    expect(refusal({ ports: [], liveness: Probe.exec(['/app/health']), readiness: Probe.exec(['/app/ready']), rateLimit: { requestsPerSecond: 1, burst: 1 } }))
      .toBe('shop/weather: invalid ports: got []; a TCP port for the proxy to front (circuitBreaker and rateLimit put nginx in front of one)');
    expect(refusal({ ports: [], liveness: Probe.exec(['/app/health']), readiness: Probe.exec(['/app/ready']), circuitBreaker: { implementation: 'istio' } }))
      .toBe('shop/weather: invalid circuitBreaker.implementation: got "istio"; "sidecar", or declare a port: Istio routes to a Service');
  });
});
