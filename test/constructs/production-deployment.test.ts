import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import {
  CpuLimit,
  Peer,
  Probe,
  ProductionApp,
  ProductionDeployment,
  ProductionDeploymentProps,
  PropError,
  Suppressions,
} from '../../src';
import { apiObjectsOf } from '../../constructs/workload';
import { listFiles } from '../../src/synth/atomic-dir';
import { propErrorOf } from './refusal';

/*
 * ProductionDeployment (issue 3): its default output passes every rule of the catalogue with no
 * suppression, the key fields are asserted one by one, and every anti-pattern is refused with a
 * message naming the construct path, the prop, the value and what is allowed. The anti-patterns
 * TypeScript can refuse at compile time are in test/types/production-deployment.ts.
 *
 * Every test builds its own ProductionApp and Chart: validation is app-wide, so one refused
 * construct in a shared app would fail every test.
 */

const IMAGE = 'registry.example.com/shop/web:1.4.2';
const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const REASON = 'A singleton leader that must never run twice at the same time.';

const LABELS = {
  'app.kubernetes.io/name': 'web',
  'app.kubernetes.io/instance': 'web',
  'app.kubernetes.io/version': '1.4.2',
  'app.kubernetes.io/component': 'server',
  'app.kubernetes.io/part-of': 'web',
  'app.kubernetes.io/managed-by': 'cdk8s-prod',
};
const SELECTOR = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' };

const QUANTITY = 'a Kubernetes quantity: a number with an optional suffix m (milli), k, M, G, T, P, E (powers of 10) or Ki, Mi, Gi, Ti, Pi, Ei (powers of 2), e.g. "250m", "0.5", "256Mi", "1Gi"';
const PINNED = 'a pinned image reference: a tag that names a version, not latest or a moving tag such as stable (registry.example.com/team/app:1.4.2), or a digest (…/app@sha256:<64 hex>)';
const NAME = 'a DNS-1035 label: at most 63 characters of lower-case letters, digits and \'-\', starting with a letter and ending with a letter or digit';
const WRITABLE = 'an absolute, normalised path outside the image\'s system folders, e.g. "/var/cache/app"';
const NO_LOGS = 'no log folders: write logs to stdout and stderr, where the platform collects and rotates them (pattern 5)';
const SURGE = 'a whole number of pods from 1 to 1000, or a percentage from "1%" to "100%" (maxUnavailable is 0, so the surge is what lets a rollout progress)';
const NOT_ALWAYS = 'a command that fails when the process is unhealthy (a health endpoint client, a status query)';
const ID = 'a whole number from 1 to 2147483647 (0 is root)';

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-deployment-'));
}

/** The smallest compliant props: an image, a named port, two distinct probes, a size class. */
function baseProps(): ProductionDeploymentProps {
  return {
    image: IMAGE,
    ports: [{ name: 'http', port: 8080 }],
    liveness: Probe.http('/healthz', { port: 'http' }),
    readiness: Probe.http('/ready', { port: 'http' }),
    resources: 'small',
  };
}

interface Built {
  readonly app: ProductionApp;
  readonly chart: Chart;
  readonly d: ProductionDeployment;
  readonly outdir: string;
}

/** A fresh app, a chart with namespace "shop" and a ProductionDeployment "web" with the overrides. */
function build(overrides: Partial<ProductionDeploymentProps> = {}, namespace = 'shop'): Built {
  const outdir = path.join(tmpdir(), 'dist');
  const app = new ProductionApp({ outdir, onWarning: () => undefined });
  const chart = new Chart(app, 'shop', { namespace });
  const d = new ProductionDeployment(chart, 'web', { ...baseProps(), ...overrides });
  return { app, chart, d, outdir };
}

/** The PropError that building with these (deliberately ill-typed) overrides throws. */
function refusal(overrides: Record<string, unknown>): PropError {
  return propErrorOf(() => build(overrides as Partial<ProductionDeploymentProps>));
}

function refusalMessage(overrides: Record<string, unknown>): string {
  return refusal(overrides).message;
}

function resources(r: Record<string, unknown>): Record<string, unknown> {
  return { resources: { cpu: '100m', memory: '128Mi', memoryLimit: '256Mi', cpuLimit: CpuLimit.of('500m'), ...r } };
}

function kindsOf(d: ProductionDeployment): string[] {
  return apiObjectsOf(d).map((o) => o.kind);
}

function podSpec(d: ProductionDeployment): any {
  return d.deployment.toJson().spec.template.spec;
}

function container(d: ProductionDeployment): any {
  return podSpec(d).containers[0];
}

describe('ProductionDeployment: the default output', () => {
  test('passes every rule of the catalogue with no suppression', () => {
    const { app } = build();
    const report = app.audit();
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toEqual([]);
    expect(report.objects).toBe(5);
  });

  test('is a ServiceAccount, a Deployment, a PodDisruptionBudget, a Service and a NetworkPolicy (never a bare Pod, no HPA)', () => {
    const { d } = build();
    expect(kindsOf(d)).toEqual(['ServiceAccount', 'Deployment', 'PodDisruptionBudget', 'Service', 'NetworkPolicy']);
    expect(d.autoscaler).toBeUndefined();
    for (const o of apiObjectsOf(d)) {
      expect(o.toJson().metadata.name).toBe('web');
      expect(o.toJson().metadata.namespace).toBe('shop');
    }
  });

  test('the snapshot of the YAML', () => {
    const { app } = build();
    expect(app.synthYaml()).toMatchSnapshot();
  });

  test('Deployment: 3 replicas, a RollingUpdate with maxUnavailable 0 and maxSurge "25%"', () => {
    const { d } = build();
    const spec = d.deployment.toJson().spec;
    expect(d.deployment.toJson().apiVersion).toBe('apps/v1');
    expect(spec.replicas).toBe(3);
    expect(spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } });
    expect(d.replicaRange).toEqual({ min: 3, max: 3 });
    expect(d.surgePods).toBe(1);
  });

  test('the six app.kubernetes.io labels on the Deployment and on the pod template', () => {
    const { d } = build();
    const json = d.deployment.toJson();
    expect(json.metadata.labels).toEqual(LABELS);
    expect(json.spec.template.metadata.labels).toEqual(LABELS);
    expect(json.metadata.labels['app.kubernetes.io/version']).toBe('1.4.2');
    expect(json.metadata.labels['app.kubernetes.io/managed-by']).toBe('cdk8s-prod');
    expect(d.labels).toEqual(LABELS);
    for (const o of apiObjectsOf(d)) expect(o.toJson().metadata.labels).toEqual(LABELS);
  });

  test('the selector is name + instance only (never the version), everywhere it selects the pods', () => {
    const { d } = build();
    expect(d.selectorLabels).toEqual(SELECTOR);
    expect(d.deployment.toJson().spec.selector).toEqual({ matchLabels: SELECTOR });
    expect(d.service!.toJson().spec.selector).toEqual(SELECTOR);
    expect(d.podDisruptionBudget!.toJson().spec.selector).toEqual({ matchLabels: SELECTOR });
    expect(d.networkPolicy.toJson().spec.podSelector).toEqual({ matchLabels: SELECTOR });
  });

  test('liveness and readiness probes on the named port, distinct, and no startup probe unless given', () => {
    const { d } = build();
    const c = container(d);
    expect(c.livenessProbe).toEqual({
      httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3,
    });
    expect(c.readinessProbe).toEqual({
      httpGet: { path: '/ready', port: 'http', scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3,
    });
    expect(c.livenessProbe).not.toEqual(c.readinessProbe);
    expect(c.startupProbe).toBeUndefined();
    expect(c.livenessProbe.initialDelaySeconds).toBeUndefined();
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
  });

  test('resources from the size class "small"', () => {
    const { d } = build();
    expect(container(d).resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(d.resourceAmounts).toEqual({ cpu: 0.1, memory: 128 * 2 ** 20, memoryLimit: 256 * 2 ** 20, cpuLimit: 0.5 });
  });

  test('pod securityContext: non-root 10001, its group, fsGroup and the RuntimeDefault seccomp profile', () => {
    const { d } = build();
    expect(podSpec(d).securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('container securityContext: no privilege escalation, every capability dropped, read-only root filesystem', () => {
    const { d } = build();
    const sc = container(d).securityContext;
    expect(sc.allowPrivilegeEscalation).toBe(false);
    expect(sc.capabilities).toEqual({ drop: ['ALL'] });
    expect(sc.readOnlyRootFilesystem).toBe(true);
    expect(sc.privileged).toBe(false);
    expect(sc.runAsNonRoot).toBe(true);
  });

  test('an emptyDir with a sizeLimit at /tmp', () => {
    const { d } = build();
    expect(podSpec(d).volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
    expect(container(d).volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  });

  test('shareProcessNamespace makes the pause container PID 1; no init annotation', () => {
    const { d } = build();
    expect(podSpec(d).shareProcessNamespace).toBe(true);
    expect(d.deployment.toJson().spec.template.metadata.annotations).toBeUndefined();
  });

  test('terminationGracePeriodSeconds 30 and no preStop by default', () => {
    const { d } = build();
    expect(podSpec(d).terminationGracePeriodSeconds).toBe(30);
    expect(container(d).lifecycle).toBeUndefined();
  });

  test('a dedicated ServiceAccount without a token, on the ServiceAccount and on the pod', () => {
    const { d } = build();
    expect(d.serviceAccount.toJson()).toMatchObject({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web' }, automountServiceAccountToken: false });
    expect(podSpec(d).serviceAccountName).toBe('web');
    expect(podSpec(d).automountServiceAccountToken).toBe(false);
  });

  test('a PodDisruptionBudget with maxUnavailable 1 and unhealthyPodEvictionPolicy AlwaysAllow', () => {
    const { d } = build();
    const pdb = d.podDisruptionBudget!.toJson();
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: { matchLabels: SELECTOR } });
  });

  test('topologySpreadConstraints on hostname and zone, and preferred podAntiAffinity on hostname with the selector labels', () => {
    const { d } = build();
    const pod = podSpec(d);
    expect(pod.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: SELECTOR } },
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: SELECTOR } },
    ]);
    expect(pod.affinity).toEqual({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: SELECTOR } } },
        ],
      },
    });
  });

  test('a ClusterIP Service on the named target port', () => {
    const { d } = build();
    const svc = d.service!.toJson();
    expect(svc.spec).toEqual({
      type: 'ClusterIP',
      selector: SELECTOR,
      ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }],
    });
  });

  test('a NetworkPolicy: ingress from the same namespace on the declared port, egress to DNS only', () => {
    const { d } = build();
    expect(d.networkPolicy.toJson().spec).toEqual({
      podSelector: { matchLabels: SELECTOR },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 'http', protocol: 'TCP' }] }],
      egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }],
    });
  });

  test('the image as given, pulled IfNotPresent', () => {
    const { d } = build();
    expect(container(d).name).toBe('app');
    expect(container(d).image).toBe(IMAGE);
    expect(container(d).imagePullPolicy).toBe('IfNotPresent');
    expect(container(d).command).toBeUndefined();
    expect(container(d).env).toBeUndefined();
  });

  test('synth writes the manifests and a kustomization', () => {
    const { app, outdir } = build();
    app.synth();
    expect(listFiles(outdir)).toEqual(['kustomization.yaml', 'shop.k8s.yaml']);
  });
});

describe('ProductionDeployment: options', () => {
  test('a startup probe when given', () => {
    const { d } = build({ startup: Probe.http('/healthz', { port: 'http', period: Duration.seconds(5), failureThreshold: 60 }) });
    expect(container(d).startupProbe).toEqual({
      httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 60,
    });
  });

  test('probe timings, a TCP liveness and a gRPC readiness (the API needs the number for gRPC)', () => {
    const { d } = build({
      ports: [{ name: 'grpc', port: 9090 }],
      liveness: Probe.tcp({ port: 'grpc', period: Duration.seconds(20), timeout: Duration.seconds(2), failureThreshold: 5, initialDelay: Duration.seconds(5) }),
      readiness: Probe.grpc({ port: 'grpc', service: 'ready' }),
    });
    expect(container(d).livenessProbe).toEqual({ tcpSocket: { port: 'grpc' }, periodSeconds: 20, timeoutSeconds: 2, failureThreshold: 5, initialDelaySeconds: 5 });
    expect(container(d).readinessProbe).toEqual({ grpc: { port: 9090, service: 'ready' }, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 });
  });

  test('an exec-probed worker without ports: no Service, no ingress', () => {
    const { app, d } = build({
      ports: undefined,
      liveness: Probe.exec(['/app/healthcheck', '--live']),
      readiness: Probe.exec(['/app/healthcheck', '--ready']),
    });
    expect(d.service).toBeUndefined();
    expect(kindsOf(d)).toEqual(['ServiceAccount', 'Deployment', 'PodDisruptionBudget', 'NetworkPolicy']);
    expect(container(d).ports).toBeUndefined();
    expect(container(d).livenessProbe.exec).toEqual({ command: ['/app/healthcheck', '--live'] });
    expect(container(d).readinessProbe.exec).toEqual({ command: ['/app/healthcheck', '--ready'] });
    expect(d.networkPolicy.toJson().spec.ingress).toBeUndefined();
    expect(app.audit().findings).toEqual([]);
  });

  test.each([
    ['nano', { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } }],
    ['small', { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } }],
    ['medium', { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } }],
    ['large', { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } }],
    ['xlarge', { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '4', memory: '4Gi' } }],
  ] as const)('resources from the size class %s', (size, expected) => {
    const { d } = build({ resources: size });
    expect(container(d).resources).toEqual(expected);
  });

  test('resources from explicit values', () => {
    const { d } = build({ resources: { cpu: '250m', memory: '300Mi', memoryLimit: '600Mi', cpuLimit: CpuLimit.of('1500m') } });
    expect(container(d).resources).toEqual({ requests: { cpu: '250m', memory: '300Mi' }, limits: { cpu: '1500m', memory: '600Mi' } });
    expect(d.resourceAmounts).toEqual({ cpu: 0.25, memory: 300 * 2 ** 20, memoryLimit: 600 * 2 ** 20, cpuLimit: 1.5 });
  });

  test('no CPU limit, with the reason recorded as the suppression of cpu-limit', () => {
    const reason = 'Latency-sensitive API; throttling costs more than a noisy neighbour.';
    const { app, d } = build({ resources: { cpu: '250m', memory: '256Mi', memoryLimit: '512Mi', cpuLimit: CpuLimit.none(reason) } });
    expect(container(d).resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } });
    const report = app.audit();
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((f) => [f.rule, f.kind, f.suppressedBecause])).toEqual([['cpu-limit', 'Deployment', reason]]);
    // The suppression reaches the objects made after it (the Deployment) when the app audits.
    expect(d.deployment.toJson().metadata.annotations['cdk8s-prod.io/suppress.cpu-limit']).toBe(reason);
  });

  test('an emptyDir with a sizeLimit at each declared writable path, and the /tmp size', () => {
    const { d } = build({ writablePaths: ['/var/cache/app', { path: '/data/uploads', sizeLimit: '1Gi' }], tmpSizeLimit: '128Mi' });
    expect(podSpec(d).volumes).toEqual([
      { name: 'tmp', emptyDir: { sizeLimit: '128Mi' } },
      { name: 'writable-0', emptyDir: { sizeLimit: '64Mi' } },
      { name: 'writable-1', emptyDir: { sizeLimit: '1Gi' } },
    ]);
    expect(container(d).volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'writable-0', mountPath: '/var/cache/app' },
      { name: 'writable-1', mountPath: '/data/uploads' },
    ]);
    expect(d.writablePaths).toEqual(['/tmp', '/var/cache/app', '/data/uploads']);
    expect(container(d).securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test.each(['tini', 'dumb-init', 'catatonit', 's6-overlay'] as const)('imageInit %s: no shared process namespace, the init annotation instead', (init) => {
    const { app, d } = build({ imageInit: init });
    expect(podSpec(d).shareProcessNamespace).toBeUndefined();
    expect(d.deployment.toJson().spec.template.metadata.annotations).toEqual({ 'cdk8s-prod.io/init': init });
    expect(app.audit().findings).toEqual([]);
  });

  test('terminationGracePeriod and a preStop sleep', () => {
    const { d } = build({ terminationGracePeriod: Duration.seconds(60), preStopDelay: Duration.seconds(10) });
    expect(podSpec(d).terminationGracePeriodSeconds).toBe(60);
    expect(container(d).lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '10'] } } });
  });

  test('apiAccess mounts the token on the pod (not on the ServiceAccount) and records the reason as a suppression', () => {
    const reason = 'The operator watches its own CustomResources through the API.';
    const { app, d } = build({ apiAccess: { reason } });
    expect(podSpec(d).automountServiceAccountToken).toBe(true);
    expect(d.serviceAccount.toJson().automountServiceAccountToken).toBe(false);
    const report = app.audit();
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((f) => [f.rule, f.kind, f.suppressedBecause])).toEqual([['automount-service-account-token', 'Deployment', reason]]);
    const annotations = d.deployment.toJson().metadata.annotations;
    expect(annotations['cdk8s-prod.io/suppress.automount-service-account-token']).toBe(reason);
    expect(annotations['polaris.fairwinds.com/automountServiceAccountToken-exempt']).toBe('true');
  });

  test('2 replicas get a PodDisruptionBudget', () => {
    const { d } = build({ replicas: 2 });
    expect(d.deployment.toJson().spec.replicas).toBe(2);
    expect(d.podDisruptionBudget!.toJson().spec.maxUnavailable).toBe(1);
  });

  test('1 replica with a reasoned suppression: replicas 1 and NO PodDisruptionBudget (it would block node drains)', () => {
    const { app, d, outdir } = build({ replicas: 1 });
    Suppressions.add(d, 'minimum-replicas', REASON);
    expect(d.deployment.toJson().spec.replicas).toBe(1);
    expect(d.podDisruptionBudget).toBeUndefined();
    expect(kindsOf(d)).toEqual(['ServiceAccount', 'Deployment', 'Service', 'NetworkPolicy']);
    expect(d.deployment.toJson().metadata.annotations['cdk8s-prod.io/suppress.minimum-replicas']).toBe(REASON);
    const report = app.audit();
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((f) => [f.rule, f.kind, f.path])).toEqual([['minimum-replicas', 'Deployment', 'spec.replicas']]);
    app.synth();
    expect(fs.readFileSync(path.join(outdir, 'shop.k8s.yaml'), 'utf8')).not.toContain('PodDisruptionBudget');
  });

  test('a suppression on an enclosing scope counts too', () => {
    const { app, chart } = build({ replicas: 1 });
    Suppressions.add(chart, 'minimum-replicas', REASON);
    expect(app.audit().findings).toEqual([]);
  });

  test('zoneSpread false: spread over hostnames only', () => {
    const { d } = build({ zoneSpread: false });
    expect(podSpec(d).topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: SELECTOR } },
    ]);
    expect(podSpec(d).affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
  });

  test('autoscaling: an HPA (min, max, cpu target), no replicas on the Deployment, a PDB', () => {
    const { d } = build({ autoscaling: { minReplicas: 3, maxReplicas: 12, cpuUtilization: 60 } });
    expect(d.deployment.toJson().spec).not.toHaveProperty('replicas');
    const hpa = d.autoscaler!.toJson();
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.metadata.labels).toEqual(LABELS);
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 3,
      maxReplicas: 12,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
    });
    expect(d.podDisruptionBudget).toBeDefined();
    expect(d.replicaRange).toEqual({ min: 3, max: 12 });
    expect(d.surgePods).toBe(3);
  });

  test('autoscaling targets 70% CPU by default', () => {
    const { d } = build({ autoscaling: { minReplicas: 2, maxReplicas: 4 } });
    expect(d.autoscaler!.toJson().spec.metrics[0].resource.target.averageUtilization).toBe(70);
  });

  test('maxSurge as a count or a percentage', () => {
    expect(build({ maxSurge: 2 }).d.deployment.toJson().spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 2 });
    expect(build({ maxSurge: '100%' }).d.deployment.toJson().spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: '100%' });
    expect(build({ maxSurge: '1%' }).d.surgePods).toBe(1);
  });

  test('several ports, a servicePort, ingress from the given peers on the declared ports', () => {
    const { d } = build({
      ports: [{ name: 'http', port: 8080, servicePort: 80 }, { name: 'metrics', port: 9090 }],
      ingressFrom: [Peer.namespace('ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' }), Peer.pods({ role: 'frontend' })],
    });
    expect(container(d).ports).toEqual([
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
    ]);
    expect(d.ports).toEqual(new Map([['http', 8080], ['metrics', 9090]]));
    expect(d.service!.toJson().spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
      { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' },
    ]);
    expect(d.networkPolicy.toJson().spec.ingress).toEqual([{
      from: [
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } },
        { podSelector: { matchLabels: { role: 'frontend' } } },
      ],
      ports: [{ port: 'http', protocol: 'TCP' }, { port: 'metrics', protocol: 'TCP' }],
    }]);
  });

  test('ingress from another workload of the library, by its selector labels', () => {
    const { chart, d } = build();
    const api = new ProductionDeployment(chart, 'api', { ...baseProps(), ingressFrom: [Peer.workload(d)] });
    expect(api.networkPolicy.toJson().spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: SELECTOR } }]);
  });

  test('ingressFrom [] denies every ingress', () => {
    const { app, d } = build({ ingressFrom: [] });
    expect(d.networkPolicy.toJson().spec.ingress).toBeUndefined();
    expect(d.networkPolicy.toJson().spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(app.audit().findings).toEqual([]);
  });

  test('egress: DNS first, then the declared destinations', () => {
    const { d } = build({
      egress: [
        { to: Peer.cidr('10.20.0.0/16', ['10.20.5.0/24']), ports: [{ port: 5432 }] },
        { to: Peer.namespace('kafka'), ports: [{ port: 9092, protocol: 'TCP' }, { port: 9093 }] },
      ],
    });
    expect(d.networkPolicy.toJson().spec.egress).toEqual([
      { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '10.20.0.0/16', except: ['10.20.5.0/24'] } }], ports: [{ port: 5432, protocol: 'TCP' }] },
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kafka' } } }], ports: [{ port: 9092, protocol: 'TCP' }, { port: 9093, protocol: 'TCP' }] },
    ]);
  });

  test('a digest-pinned image: the version label is the first 12 hex digits of the digest', () => {
    const ref = `registry.example.com/shop/web@${DIGEST}`;
    const { app, d } = build({ image: ref });
    expect(container(d).image).toBe(ref);
    expect(container(d).imagePullPolicy).toBe('IfNotPresent');
    expect(d.deployment.toJson().metadata.labels['app.kubernetes.io/version']).toBe('0123456789ab');
    expect(d.deployment.toJson().spec.template.metadata.labels['app.kubernetes.io/version']).toBe('0123456789ab');
    expect(app.audit().findings).toEqual([]);
  });

  test('name, namespace, partOf and component props', () => {
    const { d } = build({ name: 'storefront', namespace: 'payments', partOf: 'shop', component: 'frontend' });
    for (const o of apiObjectsOf(d)) {
      expect(o.toJson().metadata.name).toBe('storefront');
      expect(o.toJson().metadata.namespace).toBe('payments');
    }
    expect(d.labels).toEqual({
      'app.kubernetes.io/name': 'storefront',
      'app.kubernetes.io/instance': 'storefront',
      'app.kubernetes.io/version': '1.4.2',
      'app.kubernetes.io/component': 'frontend',
      'app.kubernetes.io/part-of': 'shop',
      'app.kubernetes.io/managed-by': 'cdk8s-prod',
    });
    expect(podSpec(d).serviceAccountName).toBe('storefront');
  });

  test('command, args and env (sorted by name)', () => {
    const { d } = build({ command: ['/app/server'], args: ['--port', '8080'], env: { LOG_LEVEL: 'info', CACHE_SIZE: '128' } });
    expect(container(d).command).toEqual(['/app/server']);
    expect(container(d).args).toEqual(['--port', '8080']);
    expect(container(d).env).toEqual([{ name: 'CACHE_SIZE', value: '128' }, { name: 'LOG_LEVEL', value: 'info' }]);
  });

  test('podSecurity ids', () => {
    const { d } = build({ podSecurity: { user: 20000, group: 30000 } });
    expect(podSpec(d).securityContext).toMatchObject({ runAsUser: 20000, runAsGroup: 30000, fsGroup: 30000 });
    expect(build({ podSecurity: { fsGroup: 40000 } }).d.deployment.toJson().spec.template.spec.securityContext)
      .toMatchObject({ runAsUser: 10001, runAsGroup: 10001, fsGroup: 40000 });
  });
});

describe('ProductionDeployment: variations still pass every rule through ProductionApp', () => {
  // [name, props, the rules whose findings a reasoned suppression covers, what to do after construction]
  const variations: Array<[string, Partial<ProductionDeploymentProps>, string[], ((d: ProductionDeployment) => void)?]> = [
    ['autoscaling', { autoscaling: { minReplicas: 2, maxReplicas: 10 } }, []],
    ['imageInit', { imageInit: 'tini' }, []],
    ['apiAccess', { apiAccess: { reason: 'The operator watches its own CustomResources through the API.' } }, ['automount-service-account-token']],
    ['cpuLimit none', { resources: { cpu: '250m', memory: '256Mi', memoryLimit: '512Mi', cpuLimit: CpuLimit.none('Latency-sensitive API; throttling costs more than it saves.') } }, ['cpu-limit']],
    ['replicas 1 with a suppression', { replicas: 1 }, ['minimum-replicas'], (d) => Suppressions.add(d, 'minimum-replicas', REASON)],
    ['egress', { egress: [{ to: Peer.cidr('10.20.0.0/16'), ports: [{ port: 5432 }] }] }, []],
    ['zoneSpread false', { zoneSpread: false }, []],
    ['startup probe, preStop, grace period', { startup: Probe.tcp({ port: 'http', failureThreshold: 30 }), preStopDelay: Duration.seconds(5), terminationGracePeriod: Duration.seconds(45) }, []],
    ['writable paths', { writablePaths: ['/var/cache/app', { path: '/data', sizeLimit: '2Gi' }] }, []],
    ['digest image', { image: `registry.example.com/shop/web@${DIGEST}` }, []],
    ['explicit namespace', { namespace: 'payments' }, []],
    ['worker without ports', { ports: [], liveness: Probe.exec(['/app/healthcheck', '--live']), readiness: Probe.exec(['/app/healthcheck', '--ready']) }, []],
    ['all at once', {
      autoscaling: { minReplicas: 2, maxReplicas: 6, cpuUtilization: 80 },
      imageInit: 'dumb-init',
      apiAccess: { reason: 'The operator watches its own CustomResources through the API.' },
      resources: { cpu: '250m', memory: '256Mi', memoryLimit: '512Mi', cpuLimit: CpuLimit.none('Latency-sensitive API; throttling costs more than it saves.') },
      egress: [{ to: Peer.namespace('kafka'), ports: [{ port: 9092 }] }],
      zoneSpread: false,
      maxSurge: 1,
    }, ['automount-service-account-token', 'cpu-limit']],
  ];

  // Objects, not rows: jest would pass its `done` callback in place of a missing fourth element.
  test.each(variations.map(([name, overrides, suppressedRules, after]) => ({ name, overrides, suppressedRules, after })))('$name', ({ overrides, suppressedRules, after }) => {
    const { app, d, outdir } = build(overrides);
    after?.(d);
    const report = app.audit();
    expect(report.findings).toEqual([]);
    expect([...new Set(report.suppressed.map((f) => f.rule))].sort()).toEqual(suppressedRules);
    app.synth();
    expect(listFiles(outdir)).toEqual(['kustomization.yaml', 'shop.k8s.yaml']);
  });
});

describe('ProductionDeployment: anti-patterns are refused at construct time', () => {
  test('the error is a PropError carrying the path, the prop, the value and what is allowed', () => {
    const e = refusal({ image: 'nginx:latest' });
    expect(e.name).toBe('PropError');
    expect(e.constructPath).toBe('shop/web');
    expect(e.prop).toBe('image');
    expect(e.given).toBe('nginx:latest');
    expect(e.allowed).toBe(PINNED);
  });

  test('the message names the full construct path of a nested construct', () => {
    const app = new ProductionApp({ outdir: tmpdir() });
    const team = new Construct(new Chart(app, 'shop', { namespace: 'shop' }), 'checkout');
    expect(() => new ProductionDeployment(team, 'web', { ...baseProps(), image: 'nginx' }))
      .toThrow('shop/checkout/web: invalid image: got "nginx"');
  });

  describe('images (pattern 7)', () => {
    test('the latest tag', () => {
      expect(refusalMessage({ image: 'registry.example.com/shop/web:latest' })).toBe(
        'shop/web: invalid image: got "registry.example.com/shop/web:latest" ("registry.example.com/shop/web:latest" uses the "latest" tag, which does not say which version runs); '
        + PINNED);
    });

    test('an untagged image', () => {
      expect(refusalMessage({ image: 'nginx' })).toBe(
        'shop/web: invalid image: got "nginx" ("nginx" has no tag and no digest, so it means whatever "latest" is when the image is pulled); ' + PINNED);
    });

    test('an untagged image on a registry with a port (":5000" is not a tag)', () => {
      expect(refusalMessage({ image: 'localhost:5000/app' })).toBe(
        'shop/web: invalid image: got "localhost:5000/app" ("localhost:5000/app" has no tag and no digest (":5000" is the registry\'s port, not a tag), '
        + 'so it means whatever "latest" is when the image is pulled); ' + PINNED);
    });
  });

  describe('probes (patterns 4 and 8)', () => {
    test('missing liveness (at run time, past the type checker)', () => {
      expect(refusalMessage({ liveness: undefined })).toBe(
        'shop/web: invalid liveness: got nothing; a Probe (Probe.http, Probe.tcp, Probe.grpc or Probe.exec): every long-running container needs a liveness probe, or a broken process keeps running (pattern 4)');
    });

    test('missing readiness', () => {
      expect(refusalMessage({ readiness: undefined })).toBe(
        'shop/web: invalid readiness: got nothing; a Probe (Probe.http, Probe.tcp, Probe.grpc or Probe.exec): every long-running container needs a readiness probe, or it gets traffic before it can serve (pattern 8)');
    });

    test('a liveness that is not a Probe (a raw Kubernetes probe)', () => {
      expect(refusalMessage({ liveness: { httpGet: { path: '/healthz', port: 'http' } } })).toBe(
        'shop/web: invalid liveness: got {"httpGet":{"path":"/healthz","port":"http"}}; a Probe (Probe.http, Probe.tcp, Probe.grpc or Probe.exec): every long-running container needs a liveness probe, or a broken process keeps running (pattern 4)');
    });

    const SAME = 'a check different from liveness (e.g. liveness /healthz, readiness /ready): a liveness probe that fails whenever the pod is busy restarts healthy pods';

    test('identical probes: the same handler with different timings', () => {
      expect(refusalMessage({ readiness: Probe.http('/healthz', { port: 'http', period: Duration.seconds(5), failureThreshold: 1 }) })).toBe(
        `shop/web: invalid readiness: got "HTTP GET /healthz on port \\"http\\""; ${SAME}`);
    });

    test('identical probes: the same Probe object', () => {
      const probe = Probe.tcp({ port: 'http' });
      expect(refusalMessage({ liveness: probe, readiness: probe })).toBe(
        `shop/web: invalid readiness: got "a TCP connect to port \\"http\\""; ${SAME}`);
    });

    test('a probe on an undeclared port', () => {
      expect(refusalMessage({ readiness: Probe.http('/ready', { port: 'metrics' }) })).toBe(
        'shop/web: invalid readiness.port: got "metrics"; the name of a declared TCP port: "http"');
    });

    test('a startup probe on an undeclared port', () => {
      expect(refusalMessage({ startup: Probe.tcp({ port: 'admin' }) })).toBe(
        'shop/web: invalid startup.port: got "admin"; the name of a declared TCP port: "http"');
    });

    test('a probe on a port when no ports are declared', () => {
      expect(refusalMessage({ ports: undefined })).toBe(
        'shop/web: invalid liveness.port: got "http"; a declared TCP port, but the container declares none (add one to `ports`, or use Probe.exec)');
    });

    test('a probe port given as a number (at run time)', () => {
      expect(refusalMessage({ liveness: Probe.http('/healthz', { port: 8080 as any }) })).toBe(
        'shop/web: invalid liveness.port: got 8080; the name of a declared TCP port: "http"');
    });

    test.each([
      [['true'], '["true"]'],
      [['/bin/true'], '["/bin/true"]'],
      [['sh', '-c', 'exit 0'], '["sh","-c","exit 0"]'],
      [['/bin/sh', '-c', 'echo ok'], '["/bin/sh","-c","echo ok"]'],
    ])('an exec probe that always succeeds: %j', (command, shown) => {
      expect(refusalMessage({ ports: undefined, liveness: Probe.exec(command), readiness: Probe.exec(['/app/healthcheck', '--ready']) })).toBe(
        `shop/web: invalid liveness.command: got ${shown} (it succeeds whatever the state of the process); ${NOT_ALWAYS}`);
    });

    test('a long initialDelay instead of a startup probe', () => {
      expect(refusalMessage({ liveness: Probe.http('/healthz', { port: 'http', initialDelay: Duration.minutes(2) }) })).toBe(
        'shop/web: invalid liveness.initialDelay: got "2 minutes"; a Duration from 0 seconds to 1 minute (a process that needs longer to start declares a startup probe, which holds liveness and readiness back until it succeeds), e.g. Duration.seconds(30)');
    });
  });

  describe('resources (pattern 10)', () => {
    test('a missing memory limit (at run time)', () => {
      expect(refusalMessage({ resources: { cpu: '100m', memory: '128Mi', cpuLimit: CpuLimit.of('500m') } as any })).toBe(
        `shop/web: invalid resources.memoryLimit: got nothing; ${QUANTITY}`);
    });

    test('a memory request above the limit', () => {
      expect(refusalMessage(resources({ memory: '512Mi', memoryLimit: '256Mi' }))).toBe(
        'shop/web: invalid resources.memory: got "512Mi"; at most the memory limit (256Mi): a request above the limit cannot be scheduled');
    });

    test('a cpu request above the cpu limit', () => {
      expect(refusalMessage(resources({ cpu: '2', cpuLimit: CpuLimit.of('500m') }))).toBe(
        'shop/web: invalid resources.cpu: got "2"; at most the CPU limit (500m)');
    });

    test('malformed quantity "512mb"', () => {
      expect(refusalMessage(resources({ memory: '512mb', memoryLimit: '1Gi' }))).toBe(`shop/web: invalid resources.memory: got "512mb"; ${QUANTITY}`);
    });

    test('malformed quantity "-1"', () => {
      expect(refusalMessage(resources({ cpu: '-1' }))).toBe(`shop/web: invalid resources.cpu: got "-1"; ${QUANTITY}, greater than zero`);
    });

    test('malformed quantity "1.5.0"', () => {
      expect(refusalMessage(resources({ cpu: '1.5.0' }))).toBe(`shop/web: invalid resources.cpu: got "1.5.0"; ${QUANTITY}`);
    });

    test('a malformed cpu limit', () => {
      expect(refusalMessage(resources({ cpuLimit: CpuLimit.of('lots') }))).toBe(`shop/web: invalid resources.cpuLimit: got "lots"; ${QUANTITY}`);
    });

    test('memory in milli-bytes', () => {
      expect(refusalMessage(resources({ memoryLimit: '512m' }))).toBe(
        `shop/web: invalid resources.memoryLimit: got "512m"; ${QUANTITY}; "m" means milli-bytes here, which is never meant (use "Mi" or "M")`);
    });

    test('cpuLimit as a plain string (at run time)', () => {
      expect(refusalMessage(resources({ cpuLimit: '500m' }))).toBe(
        'shop/web: invalid resources.cpuLimit: got "500m"; CpuLimit.of(quantity) or CpuLimit.none(reason): running with or without a CPU limit is a decision to write down');
    });

    test('cpuLimit none with a placeholder reason', () => {
      expect(refusalMessage(resources({ cpuLimit: CpuLimit.none('TODO') }))).toBe(
        'shop/web: invalid resources.cpuLimit: got "TODO" ("TODO" is a placeholder, not a reason; write a sentence saying why this object is an exception); a sentence saying why (it is recorded as the suppression of a rule)');
    });

    test('an unknown size class (at run time)', () => {
      expect(refusalMessage({ resources: 'huge' })).toBe(
        'shop/web: invalid resources: got "huge"; a size class (nano, small, medium, large, xlarge) or { cpu, memory, memoryLimit, cpuLimit }');
    });
  });

  describe('replicas and availability', () => {
    const SINGLE = 'Validation failed with the following errors:\n  [shop/web] shop/web: invalid replicas: got 1; at least 2, so that a node drain or a crash leaves a pod serving '
      + '(a singleton needs Suppressions.add(<this ProductionDeployment>, \'minimum-replicas\', \'<why one replica is acceptable>\'))';

    test('one replica without a suppression fails at synth, naming replicas, and writes nothing', () => {
      const { app, outdir } = build({ replicas: 1 });
      expect(() => app.synth()).toThrow(SINGLE);
      expect(fs.existsSync(outdir) ? listFiles(outdir) : []).toEqual([]);
    });

    test('one replica without a suppression fails the audit and synthYaml', () => {
      expect(() => build({ replicas: 1 }).app.audit()).toThrow(SINGLE);
      expect(() => build({ replicas: 1 }).app.synthYaml()).toThrow(SINGLE);
    });

    test('one replica passes with Suppressions.add(d, "minimum-replicas", reason), and emits no PDB', () => {
      const { app, d, outdir } = build({ replicas: 1 });
      Suppressions.add(d, 'minimum-replicas', REASON);
      expect(() => app.synth()).not.toThrow();
      expect(d.podDisruptionBudget).toBeUndefined();
      expect(fs.readFileSync(path.join(outdir, 'shop.k8s.yaml'), 'utf8')).not.toContain('kind: PodDisruptionBudget');
    });

    test('replicas 0, a fraction or a string (at run time)', () => {
      expect(refusalMessage({ replicas: 0 })).toBe('shop/web: invalid replicas: got 0; a whole number from 1 to 10000');
      expect(refusalMessage({ replicas: 2.5 })).toBe('shop/web: invalid replicas: got 2.5; a whole number from 1 to 10000');
      expect(refusalMessage({ replicas: '3' })).toBe('shop/web: invalid replicas: got "3"; a whole number from 1 to 10000');
    });

    test('replicas and autoscaling together', () => {
      expect(refusalMessage({ replicas: 3, autoscaling: { minReplicas: 2, maxReplicas: 5 } })).toBe(
        'shop/web: invalid replicas: got 3; no replicas when autoscaling is set: the HorizontalPodAutoscaler owns the count');
    });

    test('autoscaling minReplicas 1', () => {
      expect(refusalMessage({ autoscaling: { minReplicas: 1, maxReplicas: 5 } })).toBe(
        'shop/web: invalid autoscaling.minReplicas: got 1; a whole number from 2 to 1000 (one replica cannot survive a node drain)');
    });

    test('autoscaling maxReplicas not above minReplicas', () => {
      expect(refusalMessage({ autoscaling: { minReplicas: 3, maxReplicas: 3 } })).toBe(
        'shop/web: invalid autoscaling.maxReplicas: got 3; a whole number from 4 to 10000 (more than minReplicas)');
      expect(refusalMessage({ autoscaling: { minReplicas: 4, maxReplicas: 2 } })).toBe(
        'shop/web: invalid autoscaling.maxReplicas: got 2; a whole number from 5 to 10000 (more than minReplicas)');
    });

    test('maxSurge 0', () => {
      expect(refusalMessage({ maxSurge: 0 })).toBe(`shop/web: invalid maxSurge: got 0; ${SURGE}`);
    });

    test.each(['0%', '150%', '25.5%', '25'])('maxSurge %j', (surge) => {
      expect(refusalMessage({ maxSurge: surge })).toBe(`shop/web: invalid maxSurge: got "${surge}"; ${SURGE}`);
    });

    test('a preStopDelay as long as the default grace period', () => {
      expect(refusalMessage({ preStopDelay: Duration.seconds(30) })).toBe(
        'shop/web: invalid preStopDelay: got "30 seconds"; less than terminationGracePeriod (30 seconds), leaving the process time to stop after the pause');
    });

    test('a preStopDelay longer than the given grace period', () => {
      expect(refusalMessage({ preStopDelay: Duration.minutes(1), terminationGracePeriod: Duration.seconds(20) })).toBe(
        'shop/web: invalid preStopDelay: got "1 minute"; less than terminationGracePeriod (20 seconds), leaving the process time to stop after the pause');
    });
  });

  describe('identity and security', () => {
    test('root uid 0', () => {
      expect(refusalMessage({ podSecurity: { user: 0 } })).toBe(`shop/web: invalid podSecurity.user: got 0; ${ID}`);
    });

    test('root gid 0', () => {
      expect(refusalMessage({ podSecurity: { group: 0 } })).toBe(`shop/web: invalid podSecurity.group: got 0; ${ID}`);
    });

    test('fsGroup 0', () => {
      expect(refusalMessage({ podSecurity: { fsGroup: 0 } })).toBe(`shop/web: invalid podSecurity.fsGroup: got 0; ${ID}`);
    });

    test('an image init that is not one of the known ones (at run time)', () => {
      expect(refusalMessage({ imageInit: 'supervisord' })).toBe(
        'shop/web: invalid imageInit: got "supervisord"; one of "tini", "dumb-init", "catatonit", "s6-overlay"');
    });

    test('apiAccess with a placeholder reason', () => {
      expect(refusalMessage({ apiAccess: { reason: 'TODO' } })).toBe(
        'shop/web: invalid apiAccess.reason: got "TODO" ("TODO" is a placeholder, not a reason; write a sentence saying why this object is an exception); a sentence saying why (it is recorded as the suppression of a rule)');
    });

    test('a secret-looking env value, without repeating the value', () => {
      const e = refusal({ env: { DB_PASSWORD: 'hunter2' } });
      expect(e.message).toBe(
        'shop/web: invalid env.DB_PASSWORD: got "<redacted>" ("DB_PASSWORD" names a secret (rule env-secret-literal)); no literal secrets: reference a Secret instead (ConfiguredApp secrets, mounted as files)');
      expect(e.message).not.toContain('hunter2');
      expect(JSON.stringify({ ...e, stack: e.stack })).not.toContain('hunter2');
    });

    test('a private key under an innocent name, without repeating it', () => {
      const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';
      const e = refusal({ env: { CONFIG: pem } });
      expect(e.message).toBe(
        'shop/web: invalid env.CONFIG: got "<redacted>" (a PEM private key block on line 1 (rule env-secret-literal)); no literal secrets: reference a Secret instead (ConfiguredApp secrets, mounted as files)');
      expect(e.message).not.toContain('MIIEowIBAAKCAQEA');
    });
  });

  describe('writable paths (patterns 5 and 6)', () => {
    test.each(['/var/log/app', '/app/logs', '/var/log', '/srv/Log/x'])('a log folder: %s', (p) => {
      expect(refusalMessage({ writablePaths: [p] })).toBe(`shop/web: invalid writablePaths[0]: got "${p}"; ${NO_LOGS}`);
    });

    test('a log folder given as { path, sizeLimit }', () => {
      expect(refusalMessage({ writablePaths: ['/var/cache/app', { path: '/app/logs', sizeLimit: '1Gi' }] })).toBe(
        `shop/web: invalid writablePaths[1]: got "/app/logs"; ${NO_LOGS}`);
    });

    test.each(['/usr', '/', '/etc', '/usr/local/app', '/proc/self'])('a path over the image\'s system folders: %s', (p) => {
      expect(refusalMessage({ writablePaths: [p] })).toBe(
        `shop/web: invalid writablePaths[0]: got "${p}" (it would cover the image's own files); ${WRITABLE}`);
    });

    test.each(['var/cache', '/var/cache/', '/var//cache', '/var/../etc'])('a path that is not absolute and normalised: %j', (p) => {
      expect(refusalMessage({ writablePaths: [p] })).toBe(`shop/web: invalid writablePaths[0]: got "${p}"; ${WRITABLE}`);
    });

    test('overlapping writable paths', () => {
      expect(refusalMessage({ writablePaths: ['/var/cache/app', '/var/cache/app/images'] })).toBe(
        'shop/web: invalid writablePaths[1]: got "/var/cache/app/images"; a path apart from the other writable paths and /tmp (it overlaps /var/cache/app)');
      expect(refusalMessage({ writablePaths: ['/var/cache/app/images', '/var/cache'] })).toBe(
        'shop/web: invalid writablePaths[1]: got "/var/cache"; a path apart from the other writable paths and /tmp (it overlaps /var/cache/app/images)');
    });

    test('a repeated writable path', () => {
      expect(refusalMessage({ writablePaths: ['/data', { path: '/data', sizeLimit: '1Gi' }] })).toBe(
        'shop/web: invalid writablePaths[1]: got "/data"; a path apart from the other writable paths and /tmp (it repeats /data)');
    });

    test('/tmp declared', () => {
      expect(refusalMessage({ writablePaths: ['/tmp'] })).toBe(
        'shop/web: invalid writablePaths[0]: got "/tmp"; another path: /tmp is always writable (size it with tmpSizeLimit)');
    });

    test('a path under /tmp', () => {
      expect(refusalMessage({ writablePaths: ['/tmp/cache'] })).toBe(
        'shop/web: invalid writablePaths[0]: got "/tmp/cache"; a path apart from the other writable paths and /tmp (it overlaps /tmp)');
    });

    test('a size limit that is not a quantity', () => {
      expect(refusalMessage({ writablePaths: [{ path: '/data', sizeLimit: '1 GB' }] })).toBe(
        `shop/web: invalid writablePaths[0].sizeLimit: got "1 GB"; ${QUANTITY}`);
      expect(refusalMessage({ tmpSizeLimit: '0' })).toBe(`shop/web: invalid tmpSizeLimit: got "0"; ${QUANTITY}, greater than zero`);
    });
  });

  describe('names, namespaces and ports', () => {
    test('a name with upper case and "_"', () => {
      expect(refusalMessage({ name: 'Web_1' })).toBe(`shop/web: invalid name: got "Web_1"; ${NAME}`);
    });

    test('a name of 64 characters', () => {
      const name = 'a'.repeat(64);
      expect(refusalMessage({ name })).toBe(`shop/web: invalid name: got "${name}" (64 characters); ${NAME}`);
    });

    test('a name starting with a digit', () => {
      expect(refusalMessage({ name: '1web' })).toBe(`shop/web: invalid name: got "1web"; ${NAME}`);
    });

    test('a construct id that is not a valid name, when no name is given', () => {
      const app = new ProductionApp({ outdir: tmpdir() });
      expect(() => new ProductionDeployment(new Chart(app, 'shop', { namespace: 'shop' }), 'Web', baseProps())).toThrow(
        `shop/Web: invalid name: got "Web"; ${NAME}`);
    });

    test('namespace "default"', () => {
      expect(refusalMessage({ namespace: 'default' })).toBe(
        'shop/web: invalid namespace: got "default" (workloads never go to the default namespace); a DNS-1123 label (lower-case letters, digits and \'-\', at most 63 characters) other than "default", "kube-system", "kube-public" and "kube-node-lease"');
    });

    test('a chart namespace "default"', () => {
      expect(() => build({}, 'default')).toThrow(
        'shop/web: invalid namespace (from the Chart): got "default" (workloads never go to the default namespace); a DNS-1123 label (lower-case letters, digits and \'-\', at most 63 characters) other than "default", "kube-system", "kube-public" and "kube-node-lease"');
    });

    test('no namespace at all (a Chart without one)', () => {
      const app = new ProductionApp({ outdir: tmpdir() });
      expect(() => new ProductionDeployment(new Chart(app, 'shop'), 'web', baseProps())).toThrow(
        'shop/web: invalid namespace: got nothing; a namespace: place the workload in a QuotaNamespace, in a Chart with a namespace, or set namespace (nothing is emitted without one, so nothing lands in "default")');
    });

    test('a port below 1024', () => {
      expect(refusalMessage({ ports: [{ name: 'http', port: 80 }] })).toBe('shop/web: invalid ports[0].port: got 80; a whole number from 1024 to 65535');
    });

    test('duplicate port names', () => {
      expect(refusalMessage({ ports: [{ name: 'http', port: 8080 }, { name: 'http', port: 8081 }] })).toBe(
        'shop/web: invalid ports[1].name: got "http"; a name no other port has');
    });

    test('duplicate port numbers', () => {
      expect(refusalMessage({ ports: [{ name: 'http', port: 8080 }, { name: 'admin', port: 8080 }] })).toBe(
        'shop/web: invalid ports[1].port: got 8080; a port no other TCP port has');
    });

    test('the same number over TCP and UDP is two ports', () => {
      const { d } = build({ ports: [{ name: 'http', port: 8080 }, { name: 'quic', port: 8080, protocol: 'UDP' }] });
      expect(container(d).ports).toEqual([
        { name: 'http', containerPort: 8080, protocol: 'TCP' },
        { name: 'quic', containerPort: 8080, protocol: 'UDP' },
      ]);
    });

    test.each(['HTTP_port', 'http--alt', '-http', 'a-very-long-port-name', '8080'])('an invalid port name: %j', (name) => {
      expect(refusalMessage({ ports: [{ name, port: 8080 }] })).toBe(
        `shop/web: invalid ports[0].name: got "${name}"; a port name of at most 15 lower-case letters, digits and '-' with at least one letter, no "--", not starting or ending with '-' (e.g. "http", "grpc", "metrics")`);
    });

    test('an invalid ingress CIDR', () => {
      expect(refusalMessage({ ingressFrom: [Peer.cidr('10.0.0.0/33')] })).toBe(
        'shop/web: invalid ingressFrom[0].cidr: got "10.0.0.0/33"; an IPv4 CIDR such as "10.20.0.0/16"');
    });

    test('an egress rule without ports', () => {
      expect(refusalMessage({ egress: [{ to: Peer.namespace('kafka'), ports: [] }] })).toBe(
        'shop/web: invalid egress[0].ports: got []; at least one destination port');
    });

    // BUG (reported): a null entry in an egress rule's ports crashes with
    // "TypeError: Cannot read properties of null (reading 'protocol')" instead of a PropError.
    test('an egress port entry that is null is a PropError, not a TypeError', () => {
      const e = refusal({ egress: [{ to: Peer.namespace('kafka'), ports: [null] }] });
      expect(e.message).toMatch(/^shop\/web: invalid egress\[0\]\.ports\[0\]: got null; /);
    });
  });
});

describe('ProductionDeployment: regressions from review', () => {
  test('a suppression of minimum-replicas on the Deployment object itself is honoured', () => {
    const { app, d } = build({ replicas: 1 });
    Suppressions.add(d.deployment, 'minimum-replicas', REASON);
    expect(app.audit().findings).toEqual([]);
    expect(d.podDisruptionBudget).toBeUndefined();
  });

  test('a TCP, HTTP or gRPC probe on a UDP port is refused', () => {
    const ports = [{ name: 'dns', port: 5353, protocol: 'UDP' as const }, { name: 'http', port: 8080 }];
    expect(refusalMessage({ ports, liveness: Probe.tcp({ port: 'dns' }) }))
      .toBe('shop/web: invalid liveness.port: got "dns" (port "dns" is UDP; probes connect over TCP); the name of a declared TCP port: "http"');
  });

  test.each(['/etc/app', '/var', '/app', '/opt', '/var/lib'])('the writable path %s would hide the image\'s own files', (p) => {
    expect(refusalMessage({ writablePaths: [p] })).toBe(`shop/web: invalid writablePaths[0]: got "${p}" (it would cover the image's own files); ${WRITABLE}`);
  });

  test('writable paths below broad folders, and /run, are fine', () => {
    const { app, d } = build({ writablePaths: ['/var/lib/web', '/run', '/app/cache'] });
    expect(container(d).volumeMounts.map((m: any) => m.mountPath)).toEqual(['/tmp', '/var/lib/web', '/run', '/app/cache']);
    expect(app.audit().findings).toEqual([]);
  });

  test('a probe factory given no options fails with the construct path, not a TypeError', () => {
    expect(refusalMessage({ liveness: Probe.http('/x', undefined as any) }))
      .toBe('shop/web: invalid liveness.port: got nothing; the name of a declared TCP port: "http"');
  });

  test('autoscaling that is not an object names autoscaling', () => {
    expect(refusalMessage({ autoscaling: 'x' })).toBe('shop/web: invalid autoscaling: got "x"; { minReplicas, maxReplicas, cpuUtilization? }');
    expect(refusalMessage({ autoscaling: null })).toBe('shop/web: invalid autoscaling: got null; a value, or leave the prop out for its default');
  });
});
