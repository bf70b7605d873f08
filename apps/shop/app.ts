import * as path from 'path';
import { Chart, Duration } from 'cdk8s';
import {
  BoundedCronJob, BoundedJob, ConfigFile, ConfiguredApp, CpuLimit, Peer, ProductionApp, ProductionDeployment, Probe, QuotaNamespace,
} from 'cdk8s-prod';

/**
 * The shop: a storefront, its database migration and a nightly report, in one namespace whose
 * quota the synth proves they fit (rollout surges and CronJob runs included).
 */
export function build(app: ProductionApp): void {
  const chart = new Chart(app, 'shop', { disableResourceNameHashes: true });
  const ns = new QuotaNamespace(chart, 'shop', {
    quota: { requestsCpu: '5', requestsMemory: '6Gi', limitsMemory: '12Gi', pods: 30, services: 10, configMaps: 20 },
    containerLimits: { max: { cpu: '2', memory: '2Gi' } },
  });
  const database = { to: Peer.cidr('10.20.0.0/16'), ports: [{ port: 5432 }] };

  // Pattern 12, the workshop's pair: a slow "weather" service made the whole frontend slow. A
  // circuit breaker in weather's pod (the Service routes through it) answers in 1 s at most, and
  // after 3 failures answers at once for 30 s without waiting on weather.
  const weather = new ProductionDeployment(ns, 'weather', {
    image: 'registry.example.com/shop/weather:2.1.0',
    dockerfile: path.join(__dirname, 'images/weather/Dockerfile'),
    ports: [{ name: 'http', port: 8080, servicePort: 80 }],
    liveness: Probe.http('/healthz', { port: 'http' }),
    readiness: Probe.http('/ready', { port: 'http' }),
    resources: 'small',
    circuitBreaker: { timeout: Duration.seconds(1), failures: 3, openFor: Duration.seconds(30) },
    ingressFrom: [Peer.pods({ 'app.kubernetes.io/name': 'storefront' })],
    partOf: 'shop',
  });

  // Pattern 11: configuration comes from the repo's files, not from the image.
  new ConfiguredApp(ns, 'storefront', {
    image: 'registry.example.com/shop/storefront:1.8.0',
    // Audited at synth; its tini ENTRYPOINT and USER 10001 become the pod's init and user.
    dockerfile: path.join(__dirname, 'images/storefront/Dockerfile'),
    configFiles: ConfigFile.fromDirectory(path.join(__dirname, 'config')),
    settings: { LOG_LEVEL: 'info', LOG_FORMAT: 'json' },
    secrets: [{ name: 'shop-db' }],
    ports: [{ name: 'http', port: 8080, servicePort: 80 }],
    liveness: Probe.http('/healthz', { port: 'http' }),
    readiness: Probe.http('/ready', { port: 'http' }),
    startup: Probe.http('/healthz', { port: 'http', failureThreshold: 30 }),
    resources: { cpu: '250m', memory: '256Mi', memoryLimit: '512Mi', cpuLimit: CpuLimit.none('Latency-sensitive pages; CPU throttling costs more than a noisy neighbour.') },
    autoscaling: { minReplicas: 3, maxReplicas: 8 },
    preStopDelay: Duration.seconds(5),
    writablePaths: [{ path: '/var/cache/storefront', sizeLimit: '256Mi' }],
    ingressFrom: [Peer.namespace('ingress-nginx')],
    egress: [database, { to: Peer.workload(weather), ports: [{ port: 8081 }] }],
    partOf: 'shop',
  });

  // Pattern 13: the public API, with an nginx sidecar limiting each client to 10 requests per
  // second (bursts of 20) and 20 open connections; the rest get 429.
  new ProductionDeployment(ns, 'api', {
    image: 'registry.example.com/shop/api:3.4.1',
    dockerfile: path.join(__dirname, 'images/api/Dockerfile'),
    ports: [{ name: 'http', port: 8080, servicePort: 80 }],
    liveness: Probe.http('/healthz', { port: 'http' }),
    readiness: Probe.http('/ready', { port: 'http' }),
    resources: 'small',
    rateLimit: { requestsPerSecond: 10, burst: 20, connectionsPerClient: 20 },
    ingressFrom: [Peer.namespace('ingress-nginx')],
    egress: [database],
    partOf: 'shop',
  });

  // Pattern 9: the workshop's Job kept making failing pods; this one has a deadline, few retries, a TTL.
  new BoundedJob(ns, 'migrate', {
    image: 'registry.example.com/shop/migrate:1.8.0',
    dockerfile: path.join(__dirname, 'images/migrate/Dockerfile'),
    args: ['up'],
    activeDeadline: Duration.minutes(15),
    backoffLimit: 1,
    nonRetriableExitCodes: [3],
    resources: 'small',
    egress: [database],
    partOf: 'shop',
  });

  new BoundedCronJob(ns, 'nightly-report', {
    image: 'registry.example.com/shop/report:1.8.0',
    dockerfile: path.join(__dirname, 'images/report/Dockerfile'),
    schedule: '30 2 * * *',
    timeZone: 'Europe/Berlin',
    activeDeadline: Duration.hours(1),
    resources: 'medium',
    egress: [database],
    partOf: 'shop',
  });
}
