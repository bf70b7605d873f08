import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import {
  Probe,
  ProductionApp,
  ProductionDaemonSet,
  ProductionDaemonSetProps,
  PropError,
  QuotaNamespace,
  budgetReport,
  errorsOf,
} from '../../src';
import { apiObjectsOf } from '../../constructs/workload';
import { schemaProblems } from '../schema';
import { propErrorOf } from './refusal';

/*
 * ProductionDaemonSet (issue 20): its default output passes every rule of the catalogue and the
 * schema, keeps the hard core (no host namespaces, paths, ports or privilege), rolls out with a
 * surge, and states its node selection, tolerations, priority and node count; every
 * anti-pattern is refused with a message naming the construct path, the prop, the value and
 * what is allowed. Compile-time refusals are in test/types/production-daemon-set.ts.
 */

const IMAGE = 'registry.example.com/shop/cache:2.1.0';
const SELECTOR = { 'app.kubernetes.io/name': 'cache', 'app.kubernetes.io/instance': 'cache' };

function baseProps(): ProductionDaemonSetProps {
  return {
    image: IMAGE,
    resources: 'small',
    ports: [{ name: 'http', port: 8080 }],
    liveness: Probe.http('/healthz', { port: 'http' }),
    readiness: Probe.http('/ready', { port: 'http' }),
    nodeSelector: { 'node.example.com/pool': 'general' },
    tolerations: [{ key: 'node.example.com/dedicated', operator: 'Exists', effect: 'NoSchedule' }],
    priorityClassName: 'node-agents',
    nodeCount: 20,
  };
}

function build(overrides: Record<string, unknown> = {}): { app: ProductionApp; d: ProductionDaemonSet } {
  const app = new ProductionApp({ outdir: path.join(os.tmpdir(), 'cdk8s-prod-never-written'), onWarning: () => undefined });
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const d = new ProductionDaemonSet(chart, 'cache', { ...baseProps(), ...overrides } as ProductionDaemonSetProps);
  return { app, d };
}

function refusal(overrides: Record<string, unknown>): PropError {
  return propErrorOf(() => build(overrides));
}

function spec(d: ProductionDaemonSet): any {
  return d.daemonSet.toJson().spec;
}

describe('ProductionDaemonSet: the default output', () => {
  test('passes every rule of the catalogue with no suppression, and the schema', () => {
    const { app } = build();
    const report = app.audit();
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toEqual([]);
    for (const o of app.apiObjects()) expect(schemaProblems(o.toJson())).toEqual([]);
  });

  test('is a ServiceAccount, a DaemonSet, a node-local Service and a NetworkPolicy (no PodDisruptionBudget: drains skip DaemonSet pods)', () => {
    const { d } = build();
    expect(apiObjectsOf(d).map((o) => `${o.kind}/${o.name}`)).toEqual(['ServiceAccount/cache', 'DaemonSet/cache', 'Service/cache', 'NetworkPolicy/cache']);
  });

  test('the snapshot of the YAML', () => {
    expect(build().app.synthYaml()).toMatchSnapshot();
  });

  test('a rolling update that starts each node\'s new pod before stopping the old one', () => {
    const sp = spec(build().d);
    expect(sp.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(sp.minReadySeconds).toBe(10);
  });

  test('the stated node selection (Linux always), tolerations and priority class', () => {
    const pod = spec(build().d).template.spec;
    expect(pod.nodeSelector).toEqual({ 'node.example.com/pool': 'general', 'kubernetes.io/os': 'linux' });
    expect(pod.tolerations).toEqual([{ key: 'node.example.com/dedicated', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.priorityClassName).toBe('node-agents');
  });

  test('the hard core: no host network, PID, IPC, ports or paths, no privilege, the pod baseline', () => {
    const pod = spec(build().d).template.spec;
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) expect(pod[field]).toBeUndefined();
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
    const c = pod.containers[0];
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(c.livenessProbe.httpGet.path).toBe('/healthz');
    expect(c.readinessProbe.httpGet.path).toBe('/ready');
  });

  test('a Service that keeps traffic on the caller\'s node, and a NetworkPolicy on its ports', () => {
    const { d } = build();
    expect(d.service!.toJson().spec).toEqual({
      type: 'ClusterIP', internalTrafficPolicy: 'Local', selector: SELECTOR, ports: [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 'http' }],
    });
    expect(d.networkPolicy.toJson().spec.ingress).toEqual([{ from: [{ podSelector: {} }], ports: [{ port: 'http', protocol: 'TCP' }] }]);
  });

  test('the node count is on the DaemonSet, and the pods at once are the nodes plus the surge', () => {
    const { d } = build({ maxSurge: '10%' });
    expect(d.daemonSet.toJson().metadata.annotations).toEqual({ 'cdk8s-prod.io/node-count': '20' });
    expect(d.podsAtOnce).toBe(22);
    expect(build().d.podsAtOnce).toBe(21);
  });
});

describe('ProductionDaemonSet: choices', () => {
  test('every node, no tolerations, the default priority, no ports: stated, and still compliant', () => {
    const { app, d } = build({
      ports: undefined, nodeSelector: {}, tolerations: [], priorityClassName: false,
      liveness: Probe.exec(['/agent', 'check', '--live']), readiness: Probe.exec(['/agent', 'check', '--ready']),
    });
    const pod = spec(d).template.spec;
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.tolerations).toBeUndefined();
    expect(pod.priorityClassName).toBeUndefined();
    expect(d.service).toBeUndefined();
    expect(d.networkPolicy.toJson().spec.ingress).toBeUndefined();
    expect(app.audit().findings).toEqual([]);
  });

  test('Exists with an empty value is what the API means by Exists', () => {
    const { d } = build({ tolerations: [{ key: 'dedicated', operator: 'Exists', value: '' }] });
    expect(spec(d).template.spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Exists', value: '' }]);
  });

  test('in a QuotaNamespace the quota counts a pod per node plus the surge, and refuses what does not fit', () => {
    const make = (pods: number) => {
      const app = new ProductionApp({ outdir: path.join(os.tmpdir(), 'cdk8s-prod-never-written'), onWarning: () => undefined });
      const ns = new QuotaNamespace(new Chart(app, 'c'), 'shop', { quota: { requestsCpu: '10', requestsMemory: '10Gi', limitsMemory: '10Gi', pods } });
      new ProductionDaemonSet(ns, 'cache', baseProps());
      return app;
    };
    expect(make(21).audit().findings).toEqual([]);
    const usage = budgetReport(make(21).apiObjects().map((o) => o.toJson()))[0];
    expect(usage.lines.find((l) => l.key === 'requests.cpu')!.used).toBeCloseTo(21 * 0.1);
    expect(errorsOf(make(20).audit()).map((f) => f.message)).toEqual([
      'the workloads can claim 21 of pods at once, over the hard limit of 20: DaemonSet/cache: 21 pods (20 nodes (cdk8s-prod.io/node-count) + 1 surge during a rollout)',
    ]);
  });

  test('a JSON patch that drops the node count does not slip past the quota', () => {
    const app = new ProductionApp({ outdir: path.join(os.tmpdir(), 'cdk8s-prod-never-written'), onWarning: () => undefined });
    const ns = new QuotaNamespace(new Chart(app, 'c'), 'shop', { quota: { requestsCpu: '10', requestsMemory: '10Gi', limitsMemory: '10Gi', pods: 100 } });
    const d = new ProductionDaemonSet(ns, 'cache', baseProps());
    ApiObject.of(d.daemonSet).addJsonPatch(JsonPatch.remove('/metadata/annotations'));
    expect(errorsOf(app.audit()).map((f) => [f.rule, f.path])).toEqual([
      ['namespace-quota-fit', 'spec.hard["limits.memory"]'], ['namespace-quota-fit', 'spec.hard.pods'],
      ['namespace-quota-fit', 'spec.hard["requests.cpu"]'], ['namespace-quota-fit', 'spec.hard["requests.memory"]'],
    ]);
  });
});

describe('ProductionDaemonSet: refusals', () => {
  const SURGE = 'a whole number of nodes from 1 to 1000, or a percentage from "1%" to "100%" (maxUnavailable is 0, so the surge is what lets a rollout progress)';
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['no node selection', { nodeSelector: undefined }, 'shop/cache: invalid nodeSelector: got nothing; an object of node labels, or {} for every Linux node the tolerations allow'],
    ['a Windows node selector', { nodeSelector: { 'kubernetes.io/os': 'windows' } }, 'shop/cache: invalid nodeSelector["kubernetes.io/os"]: got "windows"; "linux" (the image is a Linux image), or leave it out'],
    ['a Windows node selector, the old label', { nodeSelector: { 'beta.kubernetes.io/os': 'windows' } }, 'shop/cache: invalid nodeSelector["beta.kubernetes.io/os"]: got "windows"; "linux" (the image is a Linux image), or leave it out'],
    ['a node selector value that is not a label value', { nodeSelector: { pool: 'a b' } }, 'shop/cache: invalid nodeSelector.pool: got "a b"; a label value: at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit'],
    ['no tolerations', { tolerations: undefined }, 'shop/cache: invalid tolerations: got nothing; a list of { key, operator?, value?, effect? }, or [] for untainted nodes only'],
    ['a toleration of every taint', { tolerations: [{ operator: 'Exists' }] }, 'shop/cache: invalid tolerations[0].key: got nothing; a taint key: a toleration without a key tolerates every taint, which a DaemonSet must name one by one'],
    ['a taint key that is not one', { tolerations: [{ key: 'a b' }] }, 'shop/cache: invalid tolerations[0].key: got "a b"; a taint key: an optional DNS-subdomain prefix and "/", then at most 63 letters, digits, \'-\', \'_\' or \'.\' starting and ending with a letter or digit'],
    ['a value with Exists', { tolerations: [{ key: 'dedicated', operator: 'Exists', value: 'agents' }] }, 'shop/cache: invalid tolerations[0].value: got "agents"; no value with operator "Exists" (it matches every value)'],
    ['an operator that is not one', { tolerations: [{ key: 'dedicated', operator: 'In' }] }, 'shop/cache: invalid tolerations[0].operator: got "In"; "Equal" or "Exists"'],
    ['an effect that is not one', { tolerations: [{ key: 'dedicated', effect: 'NoRun' }] }, 'shop/cache: invalid tolerations[0].effect: got "NoRun"; "NoSchedule", "PreferNoSchedule" or "NoExecute", or leave it out for every effect'],
    ['a toleration twice', { tolerations: [{ key: 'dedicated' }, { key: 'dedicated', operator: 'Equal' }] }, 'shop/cache: invalid tolerations[1]: got "dedicated=:"; a toleration no other toleration repeats'],
    ['no priority decision', { priorityClassName: undefined }, 'shop/cache: invalid priorityClassName: got nothing; the name of a PriorityClass, or false for the cluster\'s default priority'],
    ['an empty priority class', { priorityClassName: '' }, 'shop/cache: invalid priorityClassName: got ""; a DNS-1123 subdomain: at most 253 characters of lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit'],
    ['no node count', { nodeCount: undefined }, 'shop/cache: invalid nodeCount: got nothing; a whole number from 1 to 5000 (the most nodes the agent runs on, for the quota)'],
    ['a fractional node count', { nodeCount: 2.5 }, 'shop/cache: invalid nodeCount: got 2.5; a whole number from 1 to 5000 (the most nodes the agent runs on, for the quota)'],
    ['no surge', { maxSurge: 0 }, `shop/cache: invalid maxSurge: got 0; ${SURGE}`],
    ['a surge of 0%', { maxSurge: '0%' }, `shop/cache: invalid maxSurge: got "0%"; ${SURGE}`],
    ['a surge over 100%', { maxSurge: '101%' }, `shop/cache: invalid maxSurge: got "101%"; ${SURGE}`],
    ['minReady not a Duration', { minReady: 10 }, 'shop/cache: invalid minReady: got 10 (not a cdk8s Duration); a Duration from 0 seconds to 1 hour, e.g. Duration.seconds(30)'],
    ['no liveness probe', { liveness: undefined }, 'shop/cache: invalid liveness: got nothing; a Probe (Probe.http, Probe.tcp, Probe.grpc or Probe.exec): every long-running container needs a liveness probe, or a broken process keeps running (pattern 4)'],
  ];
  test.each(cases)('%s', (_, overrides, message) => {
    expect(refusal(overrides).message).toBe(message);
  });
});
