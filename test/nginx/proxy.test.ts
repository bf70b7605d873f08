import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration } from 'cdk8s';
import { ProductionApp, ProductionDeployment, ProductionDeploymentProps, Probe } from '../../src';
import { FakeApp, INSTALL_HINT, NGINX, freePort, nginxTest, request, sleep, startNginx, toLoopback } from './harness';

if (!NGINX) console.warn(INSTALL_HINT);
const withNginx = NGINX ? describe : describe.skip;

/** The proxy config a ProductionDeployment emits, exactly as its ConfigMap holds it. */
function emitted(extra: Partial<ProductionDeploymentProps>): string {
  const app = new ProductionApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'proxy-')) });
  const d = new ProductionDeployment(new Chart(app, 'shop', { namespace: 'shop' }), 'weather', {
    image: 'registry.example.com/shop/weather:1.0.0',
    ports: [{ name: 'http', port: 8080 }],
    liveness: Probe.http('/healthz', { port: 'http' }),
    readiness: Probe.http('/ready', { port: 'http' }),
    resources: 'small',
    ...extra,
  });
  expect(app.audit().findings).toEqual([]);
  const data = d.proxyConfigMap!.toJson().data['nginx.conf'];
  expect(data).toBe(d.proxyConfig);
  return data;
}

async function running(config: string) {
  const [listenAs, appAs, fallbackAs] = await Promise.all([freePort(), freePort(), freePort()]);
  const app = new FakeApp();
  await app.listen(appAs);
  const nginx = await startNginx(toLoopback(config, { listen: 8081, listenAs, app: 8080, appAs, fallback: 18082, fallbackAs }), listenAs);
  return { app, nginx, stop: async () => { await nginx.stop(); await app.close(); } };
}

withNginx('nginx accepts every config we emit (nginx -t)', () => {
  test.each([
    ['a breaker with the defaults', { circuitBreaker: {} }],
    ['a rate limit', { rateLimit: { requestsPerSecond: 1, burst: 5 } }],
    ['both, with connection limits and custom answers', {
      circuitBreaker: { timeout: Duration.millis(250), failures: 5, openFor: Duration.minutes(2), openStatus: 504, openBody: 'weather is "resting"', openContentType: 'text/plain; charset=utf-8', bypassPaths: ['/metrics'] },
      rateLimit: { requestsPerSecond: 100, burst: 0, nodelay: false, connectionsPerClient: 4, status: 503 },
    }],
  ] as Array<[string, Partial<ProductionDeploymentProps>]>)('%s', (_name, extra) => {
    const result = nginxTest(emitted(extra));
    expect(result.output).toContain('syntax is ok');
    expect(result.ok).toBe(true);
  });
});

withNginx('the circuit breaker, against a real nginx', () => {
  const OPEN_BODY = '{"error":"weather is unavailable"}';
  let env: Awaited<ReturnType<typeof running>>;
  beforeAll(async () => {
    env = await running(emitted({ circuitBreaker: { timeout: Duration.millis(400), failures: 3, openFor: Duration.seconds(2) } }));
  });
  afterAll(async () => env?.stop());

  test('a healthy app is reached through the breaker', async () => {
    env.app.delayMs = 0;
    const r = await request(env.nginx.port, '/forecast');
    expect(r).toMatchObject({ status: 200, body: 'app /forecast\n' });
    expect(env.app.hits).toBe(1);
  });

  test('a slow app gets the breaker\'s answer in about the timeout; three failures open it; it closes after the open time', async () => {
    env.app.hits = 0;
    env.app.delayMs = 5000;
    for (let i = 1; i <= 3; i++) {
      const r = await request(env.nginx.port, '/forecast');
      expect(r.status).toBe(503);
      expect(r.body).toBe(OPEN_BODY);
      expect(r.ms).toBeGreaterThanOrEqual(350);
      expect(r.ms).toBeLessThan(2000);
      expect(env.app.hits).toBe(i);
    }
    const openedAt = Date.now();

    // Open: answered at once, without reaching the app, even though the app is healthy again.
    env.app.delayMs = 0;
    for (let i = 0; i < 3; i++) {
      const r = await request(env.nginx.port, '/forecast');
      expect(r.status).toBe(503);
      expect(r.body).toBe(OPEN_BODY);
      expect(r.ms).toBeLessThan(300);
    }
    expect(env.app.hits).toBe(3);

    // Health checks bypass the breaker.
    const health = await request(env.nginx.port, '/healthz');
    expect(health).toMatchObject({ status: 200, body: 'app /healthz\n' });
    expect(env.app.hits).toBe(4);

    // After the open time the app is tried again, and answers. nginx keeps time in whole
    // seconds, so the circuit stays open between openFor and openFor + 1 s.
    await sleep(Math.max(0, 3000 - (Date.now() - openedAt)) + 300);
    const after = await request(env.nginx.port, '/forecast');
    expect(after).toMatchObject({ status: 200, body: 'app /forecast\n' });
    expect(env.app.hits).toBe(5);
  });
});

withNginx('the rate limit, against a real nginx', () => {
  const RATE = 2;
  const BURST = 5;
  let env: Awaited<ReturnType<typeof running>>;
  beforeAll(async () => {
    env = await running(emitted({ rateLimit: { requestsPerSecond: RATE, burst: BURST } }));
  });
  afterAll(async () => env?.stop());

  test('a burst well above the allowance: exactly burst + 1 pass, the excess gets 429', async () => {
    // nginx's limit_req with nodelay: the first request and `burst` more pass at once; requests
    // beyond that within one interval (1/rate = 500 ms) are rejected with limit_req_status.
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 20 }, () => request(env.nginx.port, '/api')));
    expect(Date.now() - started).toBeLessThan(450);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(BURST + 1);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - (BURST + 1));
    expect(env.app.hits).toBe(BURST + 1);
  });

  test('requests at the allowed rate all pass', async () => {
    await sleep(((BURST + 1) / RATE) * 1000 + 200); // let the bucket drain
    env.app.hits = 0;
    for (let i = 0; i < 4; i++) {
      const r = await request(env.nginx.port, '/api');
      expect(r.status).toBe(200);
      await sleep(1000 / RATE + 100);
    }
    expect(env.app.hits).toBe(4);
  });
});

withNginx('nginx accepts the proxy configs committed in dist/', () => {
  const { parseAllDocuments } = require('yaml') as typeof import('yaml');
  const root = path.join(__dirname, '..', '..', 'dist');
  const configs: Array<[string, string]> = [];
  for (const app of fs.readdirSync(root)) {
    for (const f of fs.readdirSync(path.join(root, app)).filter((n) => n.endsWith('.k8s.yaml'))) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(root, app, f), 'utf8'))) {
        const o = doc.toJS();
        if (o?.kind === 'ConfigMap' && typeof o.data?.['nginx.conf'] === 'string') configs.push([`${app}/${o.metadata.name}`, o.data['nginx.conf']]);
      }
    }
  }
  test('there are some (the shop\'s weather breaker and API rate limit)', () => {
    expect(configs.length).toBeGreaterThanOrEqual(2);
  });
  test.each(configs)('%s', (_name, config) => {
    expect(nginxTest(config)).toMatchObject({ ok: true });
  });
});
