import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration } from 'cdk8s';
import {
  BoundedCronJob, PolicyError, ProductionApp, ProductionDeployment, Probe, QuotaNamespace, QuotaNamespaceProps, errorsOf,
} from '../../src';

const outdir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'qns-'));
const QUOTA = { requestsCpu: '2', requestsMemory: '2Gi', limitsMemory: '4Gi', pods: 10 };

function setup(props: Partial<QuotaNamespaceProps> = {}, chartNamespace?: string) {
  const app = new ProductionApp({ outdir: outdir(), onWarning: () => undefined });
  const chart = new Chart(app, 'c', { ...(chartNamespace ? { namespace: chartNamespace } : {}) });
  const ns = new QuotaNamespace(chart, 'team', { quota: QUOTA, ...props });
  return { app, chart, ns };
}

function web(scope: any, id = 'web', extra: Record<string, unknown> = {}) {
  return new ProductionDeployment(scope, id, {
    image: 'registry.example.com/team/web:1.0.0',
    ports: [{ name: 'http', port: 8080 }],
    liveness: Probe.http('/healthz', { port: 'http' }),
    readiness: Probe.http('/ready', { port: 'http' }),
    resources: 'small',
    ...extra,
  });
}

describe('QuotaNamespace output', () => {
  test('passes every rule with no suppression, alone and with workloads', () => {
    const { app, ns } = setup();
    web(ns);
    const report = app.audit();
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toEqual([]);
  });

  test('the Namespace is cluster-scoped and labelled restricted, even in a Chart with a namespace', () => {
    const { ns } = setup({ labels: { team: 'payments' } }, 'elsewhere');
    const json = ns.namespace.toJson();
    expect(json.metadata.namespace).toBeUndefined();
    expect(json.metadata.name).toBe('team');
    expect(json.metadata.labels).toEqual({
      'team': 'payments',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  test('the ResourceQuota holds what was asked, in the namespace', () => {
    const { ns } = setup({ quota: { ...QUOTA, limitsCpu: '4', services: 5, configMaps: 10, secrets: 10, persistentVolumeClaims: 2 } });
    const json = ns.resourceQuota.toJson();
    expect(json.metadata).toEqual({ name: 'quota', namespace: 'team' });
    expect(json.spec.hard).toEqual({
      'requests.cpu': '2', 'requests.memory': '2Gi', 'limits.memory': '4Gi', 'limits.cpu': '4',
      'pods': 10, 'services': 5, 'configmaps': 10, 'secrets': 10, 'persistentvolumeclaims': 2,
    });
  });

  test('the LimitRange defaults are ordered and leave the CPU limit to the workloads', () => {
    const { ns } = setup();
    expect(ns.limitRange.toJson().spec.limits).toEqual([{ type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { memory: '256Mi' } }]);
    const custom = setup({ containerLimits: { defaultRequest: { cpu: '50m', memory: '64Mi' }, default: { cpu: '500m', memory: '128Mi' }, max: { cpu: '2', memory: '1Gi' } } });
    expect(custom.ns.limitRange.toJson().spec.limits[0]).toEqual({
      type: 'Container', defaultRequest: { cpu: '50m', memory: '64Mi' }, default: { cpu: '500m', memory: '128Mi' }, max: { cpu: '2', memory: '1Gi' },
    });
  });

  test('a default-deny NetworkPolicy lets only DNS out', () => {
    const { ns } = setup();
    expect(ns.defaultDenyPolicy.toJson().spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }],
    });
  });
});

describe('placement', () => {
  test('workloads placed in it get its namespace on every object they emit', () => {
    const { app, ns } = setup({}, 'chart-ns');
    const d = web(ns);
    const cron = new BoundedCronJob(ns, 'report', {
      image: 'registry.example.com/team/report:1.0.0', schedule: '@daily', activeDeadline: Duration.minutes(30), resources: 'nano',
    });
    expect(d.namespace).toBe('team');
    const objects = [...d.node.findAll(), ...cron.node.findAll()].filter((c: any) => c.toJson).map((c: any) => c.toJson());
    expect(objects.length).toBeGreaterThan(5);
    for (const o of objects) expect(o.metadata.namespace).toBe('team');
    expect(app.audit().findings).toEqual([]);
  });

  test('a namespace prop that contradicts the QuotaNamespace is refused', () => {
    const { ns } = setup();
    expect(() => web(ns, 'web', { namespace: 'other' }))
      .toThrow('c/team/web: invalid namespace: got "other"; "team" or nothing: the workload is placed in QuotaNamespace "team"');
  });

  test('a workload with no namespace at all, or in a Chart in default, is refused', () => {
    const app = new ProductionApp({ outdir: outdir() });
    expect(() => web(new Chart(app, 'plain'))).toThrow('plain/web: invalid namespace: got nothing; a namespace: place the workload in a QuotaNamespace, in a Chart with a namespace, or set namespace');
    expect(() => web(new Chart(app, 'def', { namespace: 'default' })))
      .toThrow('def/web: invalid namespace (from the Chart): got "default" (workloads never go to the default namespace)');
  });
});

describe('synth-time quota admission', () => {
  function admission(quota: Partial<typeof QUOTA>, build: (ns: QuotaNamespace) => void): PolicyError | undefined {
    const { app, ns } = setup({ quota: { ...QUOTA, ...quota } });
    build(ns);
    try {
      app.synth();
      return undefined;
    } catch (e) {
      if (e instanceof PolicyError) return e;
      throw e;
    }
  }

  test('fits exactly: 3 replicas + 25% surge (1) = 4 pods of 100m/128Mi', () => {
    expect(admission({ pods: 4, requestsCpu: '400m', requestsMemory: '512Mi', limitsMemory: '1Gi' }, (ns) => web(ns))).toBeUndefined();
  });

  test('over by one replica fails the synth naming the workload, the need and the hard limit', () => {
    const err = admission({ pods: 4, requestsCpu: '400m', requestsMemory: '512Mi', limitsMemory: '1Gi' }, (ns) => web(ns, 'web', { replicas: 4 }));
    expect(err).toBeDefined();
    const findings = errorsOf(err!.report);
    // cdk8s writes the hard limits in key order.
    expect(findings.map((f) => [f.rule, f.constructPath, f.path])).toEqual([
      ['namespace-quota-fit', 'c/team/ResourceQuota', 'spec.hard["limits.memory"]'],
      ['namespace-quota-fit', 'c/team/ResourceQuota', 'spec.hard.pods'],
      ['namespace-quota-fit', 'c/team/ResourceQuota', 'spec.hard["requests.cpu"]'],
      ['namespace-quota-fit', 'c/team/ResourceQuota', 'spec.hard["requests.memory"]'],
    ]);
    expect(findings[2].message).toBe('the workloads can claim 500m of requests.cpu at once, over the hard limit of 400m: '
      + 'Deployment/web: 5 pods × 100m = 500m (4 replicas + 1 surge during a rollout)');
  });

  test('over only during the rolling-update surge', () => {
    const err = admission({ pods: 3 }, (ns) => web(ns));
    expect(errorsOf(err!.report).map((f) => f.message)).toEqual([
      'the workloads can claim 4 of pods at once, over the hard limit of 3: Deployment/web: 4 pods (3 replicas + 1 surge during a rollout)',
    ]);
  });

  test('over through an HPA\'s max', () => {
    const err = admission({}, (ns) => web(ns, 'web', { autoscaling: { minReplicas: 2, maxReplicas: 9 } }));
    expect(errorsOf(err!.report).map((f) => f.message)).toEqual([
      'the workloads can claim 12 of pods at once, over the hard limit of 10: Deployment/web: 12 pods (9 (the HPA\'s max) + 3 surge during a rollout)',
    ]);
  });

  test('a CronJob whose Replace policy doubles its need', () => {
    const cron = (ns: QuotaNamespace, concurrencyPolicy: 'Forbid' | 'Replace') => new BoundedCronJob(ns, 'report', {
      image: 'registry.example.com/team/report:1.0.0', schedule: '*/10 * * * *', activeDeadline: Duration.minutes(5),
      resources: 'nano', parallelism: 3, concurrencyPolicy,
    });
    expect(admission({ pods: 3 }, (ns) => cron(ns, 'Forbid'))).toBeUndefined();
    const err = admission({ pods: 3 }, (ns) => cron(ns, 'Replace'));
    expect(errorsOf(err!.report).map((f) => f.message)).toEqual([
      'the workloads can claim 6 of pods at once, over the hard limit of 3: CronJob/report: 6 pods (parallelism 3 × 2 while Replace swaps runs)',
    ]);
  });
});

describe('refusals', () => {
  const app = () => new ProductionApp({ outdir: outdir() });
  const make = (props: Partial<QuotaNamespaceProps>, id = 'team') => new QuotaNamespace(new Chart(app(), 'c'), id, { quota: QUOTA, ...props } as QuotaNamespaceProps);

  test('a LimitRange default below its default request', () => {
    expect(() => make({ containerLimits: { defaultRequest: { memory: '512Mi' }, default: { memory: '256Mi' } } }))
      .toThrow('c/team: invalid containerLimits.default.memory: got "256Mi"; at least containerLimits.defaultRequest.memory (512Mi): defaultRequest ≤ default ≤ max');
    expect(() => make({ containerLimits: { default: { cpu: '2' }, max: { cpu: '1' } } }))
      .toThrow('c/team: invalid containerLimits.max.cpu: got "1"; at least containerLimits.default.cpu (2)');
  });

  test.each([
    ['-1', 'requestsCpu'],
    ['512mb', 'requestsMemory'],
    ['1.5.0', 'limitsMemory'],
    ['', 'requestsCpu'],
  ])('a malformed or negative quantity %j shows the value and the accepted forms', (value, prop) => {
    expect(() => make({ quota: { ...QUOTA, [prop]: value } }))
      .toThrow(`c/team: invalid quota.${prop}: got ${JSON.stringify(value)}; a Kubernetes quantity: a number with an optional suffix m (milli), k, M, G, T, P, E (powers of 10) or Ki, Mi, Gi, Ti, Pi, Ei (powers of 2), e.g. "250m", "0.5", "256Mi", "1Gi"`);
  });

  test('pods must be a positive whole number', () => {
    expect(() => make({ quota: { ...QUOTA, pods: 0 } })).toThrow('c/team: invalid quota.pods: got 0; a whole number from 1 to 100000');
    expect(() => make({ quota: { ...QUOTA, pods: NaN } })).toThrow('c/team: invalid quota.pods: got NaN');
  });

  test.each(['default', 'kube-system', 'kube-public'])('a namespace named %s', (name) => {
    expect(() => make({ name })).toThrow(`c/team: invalid name: got "${name}"`);
  });

  test('an invalid name', () => {
    expect(() => make({}, 'Team_A')).toThrow('c/Team_A: invalid name: got "Team_A"; a DNS-1123 label');
  });
});
