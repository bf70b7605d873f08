import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import {
  BoundedCronJob,
  BoundedJob,
  ConfigFile,
  ConfiguredApp,
  CpuLimit,
  Peer,
  Probe,
  ProductionApp,
  ProductionDaemonSet,
  ProductionDeployment,
  ProductionStatefulSet,
  PropError,
  QuotaNamespace,
  Suppressions,
  errorsOf,
  warningsOf,
} from '../../src';
import { listFiles } from '../../src/synth/atomic-dir';
import { ROOT, run } from '../cli-helpers';
import { SchemaError, describeObject, inventory128, schemaProblems, validateAgainstSchema } from '../schema';

/*
 * Schema-valid output (issue 10): every object in dist/ and every object each construct emits
 * with all of its options set is a valid Kubernetes 1.28 object: the OpenAPI schema
 * (kubernetes-models 4.5), the 1.28 field inventory (no field newer than our 1.28 floor) and the
 * API server's own name, label, port and selector checks (test/schema.ts).
 */

const REASON = 'A singleton leader that must never run twice at the same time.';
const IMAGE = 'registry.example.com:5443/shop/web:1.4.2';
const DIGEST_IMAGE = `registry.example.com/shop/worker@sha256:${'0123456789abcdef'.repeat(4)}`;
const FIXTURES = path.join(__dirname, 'fixtures');

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-schema-'));
}

function docsOf(file: string): unknown[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS()).filter((o) => o !== null);
}

describe('validateAgainstSchema is not vacuous: it refuses, naming the field', () => {
  const deployment = () => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'app', image: 'registry.example.com/web:1', ports: [{ name: 'http', containerPort: 8080 }], resources: { requests: { memory: '128Mi' } } }],
        },
      },
    },
  });
  const broken: Array<[string, (o: any) => void, string, string]> = [
    ['a wrong type', (o) => { o.spec.replicas = '3'; }, 'spec.replicas', 'must be integer'],
    ['a missing required field', (o) => { delete o.spec.template.spec.containers; }, 'spec.template.spec.containers', 'is required'],
    ['a malformed quantity', (o) => { o.spec.template.spec.containers[0].resources.requests.memory = '512mb'; }, 'spec.template.spec.containers[0].resources.requests.memory', 'must match format "quantity"'],
    ['a field that is not in Kubernetes 1.28', (o) => { o.spec.template.spec.containers[0].imagePullPolicy2 = 'Always'; }, 'spec.template.spec.containers[0].imagePullPolicy2', 'is not a field of Container in Kubernetes 1.28'],
    ['an invalid name', (o) => { o.metadata.name = 'Web_1'; }, 'metadata.name', '"Web_1" is not a DNS-1123 subdomain'],
    ['an invalid label value', (o) => { o.spec.template.metadata.labels.app = 'web app'; }, 'spec.template.metadata.labels["app"]', 'label value "web app" is not valid (at most 63 alphanumerics, \'-\', \'_\', \'.\', starting and ending with an alphanumeric)'],
    ['a port out of range', (o) => { o.spec.template.spec.containers[0].ports[0].containerPort = 70000; }, 'spec.template.spec.containers[0].ports[0].containerPort', '70000 is not a port from 1 to 65535'],
    ['a mount of an undeclared volume', (o) => { o.spec.template.spec.containers[0].volumeMounts = [{ name: 'tmp', mountPath: '/tmp' }]; }, 'spec.template.spec.containers[0].volumeMounts[0].name', 'mounts volume "tmp", which the pod does not declare'],
  ];
  test.each(broken)('%s', (_, breakIt, at, message) => {
    const o = deployment();
    expect(schemaProblems(o)).toEqual([]);
    breakIt(o);
    expect(schemaProblems(o)).toContainEqual({ path: at, message });
    expect(() => validateAgainstSchema(o)).toThrow(SchemaError);
    expect(() => validateAgainstSchema(o)).toThrow(`${describeObject(o)} is not a valid Kubernetes 1.28 object: `);
    expect(() => validateAgainstSchema(o)).toThrow(`${at}: ${message}`);
  });

  test('fields added after 1.28 are refused: Job spec.managedBy (1.30)', () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'x' }, spec: { managedBy: 'kueue.x-k8s.io/manager', template: { spec: { containers: [{ name: 'a', image: 'a:1' }] } } } };
    // kubernetes-models targets a newer Kubernetes and accepts it; the 1.28 inventory does not.
    expect(schemaProblems(job)).toEqual([{ path: 'spec.managedBy', message: 'is not a field of JobSpec in Kubernetes 1.28' }]);
  });

  test('the 1.28 inventory is the 1.28 API: podReplacementPolicy (1.28) is in, managedBy (1.30) is not', () => {
    const job = inventory128().interfaces.get('JobSpec')!;
    expect(job.has('podReplacementPolicy')).toBe(true);
    expect(job.has('backoffLimitPerIndex')).toBe(true);
    expect(job.has('managedBy')).toBe(false);
    expect(inventory128().kinds.get('autoscaling/v2/HorizontalPodAutoscaler')).toBe('KubeHorizontalPodAutoscalerV2Props');
  });

  test('a CronJob name of 53 characters: its Jobs could not be named', () => {
    const cron = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'a'.repeat(53), namespace: 'x' }, spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'a:1' }] } } } } } };
    expect(schemaProblems(cron)).toEqual([{ path: 'metadata.name', message: `"${'a'.repeat(53)}" has 53 characters; a CronJob name may have at most 52` }]);
  });

  test('a Service with one port twice, a NetworkPolicy except outside its cidr, an unknown kind', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'x' }, spec: { ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] } };
    expect(schemaProblems(svc)).toEqual([{ path: 'spec.ports[1]', message: 'port 80/TCP is declared twice' }]);
    const np = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'x' }, spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['192.168.0.0/24'] } }] }] } };
    expect(schemaProblems(np)).toEqual([{ path: 'spec.egress[0].to[0].ipBlock.except[0]', message: '"192.168.0.0/24" is not a strict subset of "10.0.0.0/16"' }]);
    expect(schemaProblems({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }))
      .toEqual([{ path: 'kind', message: 'kubernetes-models has no schema for apiVersion "example.com/v1", kind "Widget"' }]);
  });
});

describe('every object of dist/ is schema-valid', () => {
  const dist = path.join(ROOT, 'dist');
  const files = fs.existsSync(dist) ? listFiles(dist).filter((f) => f.endsWith('.k8s.yaml')) : [];
  const objects = files.flatMap((f) => docsOf(path.join(dist, f)).map((o) => [`dist/${f.split(path.sep).join('/')}: ${describeObject(o)}`, o] as const));

  test('dist/ holds every app of apps/, with objects', () => {
    const apps = fs.readdirSync(path.join(ROOT, 'apps'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    for (const app of apps) expect(files.some((f) => f.startsWith(`${app}${path.sep}`))).toBe(true);
    expect(objects.length).toBeGreaterThan(10);
  });

  test.each(objects)('%s', (_, obj) => {
    expect(schemaProblems(obj)).toEqual([]);
  });
});

/** One app with every construct, every prop of each set (twice, for props that exclude each other). */
function buildMaximal(app: ProductionApp): void {
  const chart = new Chart(app, 'max', { disableResourceNameHashes: true });
  const ns = new QuotaNamespace(chart, 'maximal', {
    name: 'maximal',
    quota: {
      requestsCpu: '96', requestsMemory: '192Gi', limitsMemory: '384Gi', limitsCpu: '256',
      pods: 600, services: 24, configMaps: 50, secrets: 50, persistentVolumeClaims: 12, requestsStorage: '2Ti',
    },
    containerLimits: {
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      default: { cpu: '500m', memory: '256Mi' },
      max: { cpu: '8', memory: '16Gi' },
    },
    labels: { 'team': 'platform', 'example.com/cost-center': 'c-42' },
  });
  const common = {
    command: ['/app/bin/server', '--config', '/etc/api/app.yaml'],
    args: ['--port', '8080', ''],
    env: { 'APP_MODE': 'production', 'APP_REGION': 'eu-west-1', 'app.locale': 'en_GB' },
    podSecurity: { user: 10001, group: 10002, fsGroup: 10003 },
    writablePaths: ['/var/cache/app', { path: '/data/scratch', sizeLimit: '1Gi' }, { path: '/srv/data/index' }],
    tmpSizeLimit: '128Mi',
    apiAccess: { reason: 'The operator reconciles its own custom resources through the API.' },
    partOf: 'maximal',
    egress: [
      { to: Peer.cidr('10.20.0.0/16', ['10.20.5.0/24']), ports: [{ port: 5432 }, { port: 5433, protocol: 'TCP' as const }] },
      { to: Peer.namespace('monitoring', { app: 'prometheus' }), ports: [{ port: 9090 }] },
      { to: Peer.pods({ 'app.kubernetes.io/name': 'cache' }), ports: [{ port: 6379, protocol: 'TCP' as const }, { port: 53, protocol: 'UDP' as const }] },
      { to: Peer.sameNamespace(), ports: [{ port: 65535 }] },
    ],
  };
  const ports = [
    { name: 'http', port: 8080, servicePort: 80 },
    { name: 'grpc', port: 9090, protocol: 'TCP' as const },
    { name: 'metrics', port: 9100, servicePort: 9100 },
    { name: 'statsd', port: 8125, protocol: 'UDP' as const, servicePort: 8125 },
  ];
  const deployment = {
    ...common,
    image: IMAGE,
    resources: { cpu: '250m', memory: '256Mi', memoryLimit: '512Mi', cpuLimit: CpuLimit.of('1') },
    imageInit: 'tini' as const,
    component: 'api',
    ports,
    liveness: Probe.http('/healthz', { port: 'http', period: Duration.seconds(15), timeout: Duration.seconds(2), failureThreshold: 4, initialDelay: Duration.seconds(5) }),
    readiness: Probe.grpc({ port: 'grpc', service: 'shop.Api', period: Duration.seconds(5) }),
    startup: Probe.tcp({ port: 'http', failureThreshold: 30, period: Duration.seconds(10) }),
    maxSurge: '50%',
    terminationGracePeriod: Duration.minutes(1),
    preStopDelay: Duration.seconds(10),
    ingressFrom: [Peer.namespace('ingress-nginx'), Peer.pods({ app: 'frontend' }), Peer.cidr('192.168.0.0/24'), Peer.sameNamespace()],
    zoneSpread: true,
  };
  new ProductionDeployment(ns, 'api', { ...deployment, name: 'api', autoscaling: { minReplicas: 3, maxReplicas: 12, cpuUtilization: 60 } });
  new ProductionDeployment(ns, 'api-fixed', {
    ...deployment, name: 'api-fixed', namespace: 'maximal', replicas: 4, maxSurge: 2, zoneSpread: false, imageInit: 'dumb-init',
    liveness: Probe.exec(['/app/healthcheck', '--live'], { period: Duration.seconds(20) }), readiness: Probe.http('/ready', { port: 'http' }),
  });
  new ProductionDeployment(ns, 'front', {
    ...deployment,
    name: 'front',
    replicas: 2,
    circuitBreaker: {
      timeout: Duration.millis(800), failures: 5, openFor: Duration.seconds(20), openStatus: 503,
      openBody: '{"error": "front is unavailable"}', openContentType: 'application/json', bypassPaths: ['/healthz', '/ready'], implementation: 'sidecar',
    },
    rateLimit: { requestsPerSecond: 20, burst: 40, nodelay: false, connectionsPerClient: 10, status: 429 },
    proxy: { port: 8443, upstreamPort: 'http', image: 'docker.io/nginxinc/nginx-unprivileged:1.27.3-alpine' },
  });
  new ProductionDeployment(ns, 'mesh', {
    ...deployment,
    name: 'mesh',
    replicas: 2,
    circuitBreaker: { implementation: 'istio', timeout: Duration.seconds(2), failures: 3, openFor: Duration.seconds(30), maxConnections: 100, maxPendingRequests: 10 },
  });
  const leader = new ProductionDeployment(ns, 'leader', {
    image: DIGEST_IMAGE, resources: 'nano', replicas: 1,
    liveness: Probe.exec(['/app/healthcheck', '--live']), readiness: Probe.exec(['/app/healthcheck', '--ready']),
  });
  Suppressions.add(leader, 'minimum-replicas', REASON);
  new ConfiguredApp(ns, 'storefront', {
    ...deployment,
    name: 'storefront',
    image: 'registry.example.com/shop/storefront:1.8.0',
    dockerfile: path.join(ROOT, 'apps/shop/images/storefront/Dockerfile'),
    resources: { cpu: '500m', memory: '512Mi', memoryLimit: '1Gi', cpuLimit: CpuLimit.none('Latency-sensitive pages; CPU throttling costs more than a noisy neighbour.') },
    replicas: 3,
    configFiles: [
      ...ConfigFile.fromDirectory(path.join(FIXTURES, 'config')),
      ConfigFile.fromFile(path.join(FIXTURES, 'config', 'app.yaml'), 'copy.yaml'),
      ConfigFile.inline('inline.conf', 'mode = production\n'),
    ],
    configPath: '/etc/storefront/conf.d',
    settings: { CFG_LOG_LEVEL: 'info', CFG_LOG_FORMAT: 'json' },
    secrets: [
      { name: 'shop-db' },
      { name: 'tls-cert', mountPath: '/secrets/tls' },
      { name: 'psp', env: { variables: { PSP_KEY: 'key', PSP_ID: 'id' }, reason: 'The vendor SDK reads its key only from the environment.' } },
    ],
  });
  const batch = {
    ...common,
    image: DIGEST_IMAGE,
    imageInit: 'catatonit' as const,
    backoffLimit: 3,
    parallelism: 2,
    completions: 4,
  };
  new BoundedJob(ns, 'migrate', {
    ...batch,
    resources: 'small',
    component: 'migration',
    activeDeadline: Duration.days(2),
    longDeadlineReason: 'The first import copies the whole catalogue, which takes a weekend.',
    restartPolicy: 'Never',
    nonRetriableExitCodes: [3, 1, 42],
    ttlAfterFinished: Duration.days(3),
  });
  new BoundedJob(ns, 'retry', { ...batch, resources: 'medium', activeDeadline: Duration.minutes(30), restartPolicy: 'OnFailure', ttlAfterFinished: Duration.hours(6) });
  new BoundedCronJob(ns, 'report', {
    ...batch,
    resources: { cpu: '1', memory: '1Gi', memoryLimit: '2Gi', cpuLimit: CpuLimit.of('2') },
    component: 'report',
    schedule: '*/30 1-5 * JAN-JUN MON-FRI',
    timeZone: 'Europe/Berlin',
    concurrencyPolicy: 'Forbid',
    overlapReason: 'Runs are idempotent; a skipped run is caught up by the next one.',
    activeDeadline: Duration.hours(2),
    restartPolicy: 'Never',
    nonRetriableExitCodes: [2],
    startingDeadline: Duration.minutes(10),
    successfulJobsHistoryLimit: 5,
    failedJobsHistoryLimit: 10,
  });
  new BoundedCronJob(ns, 'sync', {
    ...batch, resources: 'xlarge', name: 'sync', schedule: '@hourly', concurrencyPolicy: 'Replace', activeDeadline: Duration.hours(3),
    dockerfile: path.join(ROOT, 'apps/shop/images/report/Dockerfile'),
  });
  const { maxSurge: _surge, zoneSpread: _zone, ...server } = deployment;
  new ProductionStatefulSet(ns, 'db', {
    ...server, name: 'db', component: 'database', replicas: 5, podManagementPolicy: 'Parallel', maxUnavailable: 2,
    minReady: Duration.seconds(30), zoneSpread: false, publishNotReadyAddresses: true,
    volumeClaims: [
      { name: 'data', mountPath: '/var/lib/db', size: '100Gi', storageClass: 'fast.example.com', accessMode: 'ReadWriteOncePod' },
      { name: 'wal', mountPath: '/var/lib/wal', size: '20Gi', storageClass: 'ssd' },
    ],
    claimRetention: { whenDeleted: 'Delete', whenScaled: 'Retain' },
  });
  new ProductionDaemonSet(ns, 'agent', {
    ...server, name: 'agent', component: 'agent',
    nodeSelector: { 'node.example.com/pool': 'general', 'kubernetes.io/os': 'linux' },
    tolerations: [
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'dedicated', value: 'agents' },
      { key: 'example.com/gpu', operator: 'Equal', value: 'true', effect: 'NoExecute' },
    ],
    priorityClassName: 'system-node-critical',
    nodeCount: 100,
    maxSurge: '10%',
    minReady: Duration.seconds(5),
  });
}

describe('every construct with all its options set emits schema-valid objects', () => {
  let app: ProductionApp;
  let objects: Array<Record<string, any>>;
  let warnings: string[];
  beforeAll(() => {
    warnings = [];
    app = new ProductionApp({ outdir: path.join(tmpdir(), 'dist'), onWarning: (w) => warnings.push(w) });
    buildMaximal(app);
    objects = app.apiObjects().map((o) => o.toJson());
  });

  test('the maximal app passes every rule, with no warning', () => {
    const report = app.audit();
    expect(errorsOf(report).map((f) => `${f.rule} ${f.constructPath} ${f.path}`)).toEqual([]);
    expect(warningsOf(report).map((f) => `${f.rule} ${f.constructPath} ${f.path}`)).toEqual([]);
  });

  test('it emits every kind our constructs can emit', () => {
    expect([...new Set(objects.map((o) => `${o.apiVersion}/${o.kind}`))].sort()).toEqual([
      'apps/v1/DaemonSet',
      'apps/v1/Deployment',
      'apps/v1/StatefulSet',
      'autoscaling/v2/HorizontalPodAutoscaler',
      'batch/v1/CronJob',
      'batch/v1/Job',
      'networking.istio.io/v1beta1/DestinationRule',
      'networking.istio.io/v1beta1/VirtualService',
      'networking.k8s.io/v1/NetworkPolicy',
      'policy/v1/PodDisruptionBudget',
      'v1/ConfigMap',
      'v1/LimitRange',
      'v1/Namespace',
      'v1/ResourceQuota',
      'v1/Service',
      'v1/ServiceAccount',
    ]);
  });

  test('each object is valid', () => {
    const invalid = objects.map((o) => [describeObject(o), schemaProblems(o)] as const).filter(([, p]) => p.length > 0);
    expect(invalid).toEqual([]);
  });

  test('what the synth writes to disk is valid too, and `check` finds nothing in it', () => {
    app.synth();
    const out = app.outdir;
    expect(listFiles(out)).toEqual(['kustomization.yaml', 'max.k8s.yaml']);
    const written = docsOf(path.join(out, 'max.k8s.yaml'));
    expect(written.length).toBe(objects.length);
    for (const o of written) validateAgainstSchema(o);
    const r = run(['check', out, '--format', 'json']);
    expect(JSON.parse(r.out).findings).toEqual([]);
    expect(r.code).toBe(0);
  });
});

/*
 * Bugs found by this suite (issue 10): output the API server refuses. Each test states the
 * correct behaviour (a PropError naming the construct path and the prop, or schema-valid
 * output) and is marked failing until the construct is fixed.
 */
describe('known bugs: constructs that emit objects the API server refuses', () => {
  /** Builds `make` in a fresh app; returns the PropError, or the schema problems of the output. */
  function outcome(make: (chart: Chart) => void): { error?: PropError; problems: string[] } {
    const app = new ProductionApp({ outdir: path.join(tmpdir(), 'dist'), onWarning: () => undefined });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    try {
      make(chart);
    } catch (e) {
      if (e instanceof PropError) return { error: e, problems: [] };
      throw e;
    }
    return { problems: app.apiObjects().flatMap((o) => schemaProblems(o.toJson()).map((p) => `${o.kind} ${p.path}: ${p.message}`)) };
  }
  /** The correct behaviour: refused with a PropError for `prop`, or valid output. */
  function expectRefusedOrValid(make: (chart: Chart) => void, prop: string): void {
    const r = outcome(make);
    if (r.error) {
      expect(r.error.message.startsWith(`shop/web: invalid ${prop}`)).toBe(true);
    } else {
      expect(r.problems).toEqual([]);
    }
  }
  const base = () => ({
    image: 'registry.example.com/shop/web:1.4.2',
    ports: [{ name: 'http', port: 8080 }],
    liveness: Probe.http('/healthz', { port: 'http' }),
    readiness: Probe.http('/ready', { port: 'http' }),
    resources: 'small' as const,
  });

  test('BoundedCronJob accepts a 53-character name; a CronJob name may have at most 52', () => {
    expectRefusedOrValid((c) => new BoundedCronJob(c, 'web', { name: 'a'.repeat(53), image: base().image, resources: 'small', activeDeadline: Duration.minutes(5), schedule: '0 3 * * *' }), 'name');
  });

  test('ProductionDeployment accepts two ports with the same servicePort: the Service has port 80 twice', () => {
    expectRefusedOrValid((c) => new ProductionDeployment(c, 'web', { ...base(), ports: [{ name: 'http', port: 8080, servicePort: 80 }, { name: 'alt', port: 8081, servicePort: 80 }] }), 'ports[1].servicePort');
  });

  test('ProductionDeployment accepts a servicePort equal to another port\'s default: the Service has port 8080 twice', () => {
    expectRefusedOrValid((c) => new ProductionDeployment(c, 'web', { ...base(), ports: [{ name: 'http', port: 8080 }, { name: 'alt', port: 8081, servicePort: 8080 }] }), 'ports[1].servicePort');
  });

  test('Peer.cidr except outside the cidr is emitted (the API server wants a strict subset)', () => {
    expectRefusedOrValid((c) => new ProductionDeployment(c, 'web', { ...base(), egress: [{ to: Peer.cidr('10.0.0.0/16', ['192.168.0.0/24']), ports: [{ port: 5432 }] }] }), 'egress[0].to');
  });

  test('Peer.cidr except that is not a CIDR is emitted', () => {
    expectRefusedOrValid((c) => new ProductionDeployment(c, 'web', { ...base(), egress: [{ to: Peer.cidr('10.0.0.0/16', ['nope']), ports: [{ port: 5432 }] }] }), 'egress[0].to');
  });

  test('Peer.namespace with a name that is not a label value is emitted into a namespaceSelector', () => {
    expectRefusedOrValid((c) => new ProductionDeployment(c, 'web', { ...base(), ingressFrom: [Peer.namespace('Ingress NGINX')] }), 'ingressFrom[0]');
  });

  test('Peer.pods with an invalid label key is emitted into a podSelector', () => {
    expectRefusedOrValid((c) => new ProductionDeployment(c, 'web', { ...base(), ingressFrom: [Peer.pods({ 'app name': 'front end' })] }), 'ingressFrom[0]');
  });

  test('QuotaNamespace labels are not checked: an invalid key and value reach the Namespace', () => {
    const r = outcome((c) => new QuotaNamespace(c, 'web', { quota: { requestsCpu: '1', requestsMemory: '1Gi', limitsMemory: '2Gi', pods: 10 }, labels: { 'cost center': 'R&D' } }));
    if (r.error) expect(r.error.message.startsWith('shop/web: invalid labels')).toBe(true);
    else expect(r.problems).toEqual([]);
  });

  test('Probe.grpc service that is not a string (plain JavaScript) is emitted as grpc.service: 5', () => {
    expectRefusedOrValid((c) => new ProductionDeployment(c, 'web', { ...base(), readiness: Probe.grpc({ port: 'http', service: 5 as unknown as string }) }), 'readiness.service');
  });
});
