import * as path from 'path';
import { Chart, Duration } from 'cdk8s';
import {
  BoundedCronJob, BoundedJob, ConfigFile, ConfiguredApp, CpuLimit, Peer, ProductionApp, ProductionDaemonSet, ProductionDeployment,
  ProductionStatefulSet, Probe, QuotaNamespace,
} from 'cdk8s-prod';

/**
 * The shop: a storefront, its database and its migration, a node-local cache and a nightly
 * report, in one namespace whose quota the synth proves they fit (rollout surges, CronJob runs,
 * the database's claims and a pod of the cache on every node included).
 */
export function build(app: ProductionApp): void {
  const chart = new Chart(app, 'shop', { disableResourceNameHashes: true });
  const ns = new QuotaNamespace(chart, 'shop', {
    quota: {
      requestsCpu: '7', requestsMemory: '9Gi', limitsMemory: '18Gi', pods: 40, services: 14, configMaps: 20,
      persistentVolumeClaims: 6, requestsStorage: '120Gi',
    },
    containerLimits: { max: { cpu: '2', memory: '2Gi' } },
  });

  // The orders database: a replicated PostgreSQL (pod 0 the primary, the others streaming
  // replicas that find it by its stable name orders-db-0.orders-db-headless). Each pod has its own
  // 20Gi claim on the "ssd" class, kept when the StatefulSet is deleted or scaled down.
  const db = new ProductionStatefulSet(ns, 'orders-db', {
    image: 'registry.example.com/shop/orders-db:16.4.1',
    ports: [{ name: 'postgres', port: 5432 }],
    liveness: Probe.tcp({ port: 'postgres' }),
    readiness: Probe.exec(['pg_isready', '--quiet']),
    resources: 'medium',
    podSecurity: { user: 999, group: 999 },
    volumeClaims: [{ name: 'data', mountPath: '/var/lib/postgresql/data', size: '20Gi', storageClass: 'ssd' }],
    claimRetention: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    writablePaths: ['/var/run/postgresql'],
    publishNotReadyAddresses: true,
    terminationGracePeriod: Duration.seconds(60),
    ingressFrom: [Peer.pods({ 'app.kubernetes.io/part-of': 'shop' })],
    partOf: 'shop',
  });
  const database = { to: Peer.workload(db), ports: [{ port: 5432 }] };

  // A node-local HTTP cache of the catalogue images: one pod per node (6 at most), reached through
  // a Service that keeps each request on the caller's node, rolled out node by node with the new
  // pod ready before the old one stops. It holds no host path, port or privilege.
  const cache = new ProductionDaemonSet(ns, 'node-cache', {
    image: 'registry.example.com/shop/node-cache:1.27.3',
    ports: [{ name: 'http', port: 8080 }],
    liveness: Probe.http('/healthz', { port: 'http' }),
    readiness: Probe.http('/ready', { port: 'http' }),
    resources: 'small',
    writablePaths: [{ path: '/var/cache/nginx', sizeLimit: '512Mi' }],
    nodeSelector: {},
    tolerations: [],
    // The cluster's default priority: a cache may be evicted under pressure; the pages still load.
    priorityClassName: false,
    nodeCount: 6,
    ingressFrom: [Peer.pods({ 'app.kubernetes.io/name': 'storefront' })],
    egress: [{ to: Peer.cidr('10.30.0.0/16'), ports: [{ port: 443 }] }],
    partOf: 'shop',
  });

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
    egress: [database, { to: Peer.workload(weather), ports: [{ port: 8081 }] }, { to: Peer.workload(cache), ports: [{ port: 8080 }] }],
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
