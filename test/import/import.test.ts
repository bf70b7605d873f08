import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { ImportResult, check, importManifests, synthesizeApps } from '../../src';
import { loadPaths } from '../../src/cli/load';
import { diffOutputs } from '../../src/k8s/diff';
import { K8sObject, containersOf, podTemplateOf } from '../../src/k8s/manifest';
import { ROOT, run } from '../cli-helpers';

/*
 * `cdk8s-prod import` (issue 21): the workshop's manifests and a realistic multi-service app
 * become code that does not compile until its decisions are answered, then type-checks,
 * synthesizes with zero findings and keeps every container's image, command, args, env, ports
 * and volumes; every finding of check on the input is accounted for once; importing dist/shop
 * gives code whose synth equals dist/shop.
 */

const WORKSHOP = path.join(ROOT, 'test', 'workshop');
const MULTI = path.join(__dirname, 'fixtures', 'multi-service.yaml');
const WORK = path.join(__dirname, '.tmp');

function objectsOf(p: string): K8sObject[] {
  return loadPaths([p]).manifests.map((m) => m.object);
}

/** The answer a person gives to each open decision, by the prop (or rule) it is for. */
const ANSWERS: Record<string, string> = {
  'cpu': '\'100m\'',
  'memory': '\'16Mi\'',
  'memoryLimit': '\'256Mi\'',
  'cpuLimit': 'CpuLimit.of(\'500m\')',
  'liveness': 'Probe.exec([\'/app/health\', \'--live\'])',
  'readiness': 'Probe.exec([\'/app/health\', \'--ready\'])',
  'ingressFrom': '[Peer.sameNamespace()]',
  'egress': '[]',
  'namespace': '\'workshop\'',
  'activeDeadline': 'Duration.minutes(10)',
  'backoffLimit': '2',
  'concurrencyPolicy': '\'Forbid\'',
  'storageClass': '\'ssd\'',
  'image': '\'busybox:1.36.1\'',
  'reason': '\'The vendor library reads its password from the environment only.\'',
  'port': '8080',
  'minimum-replicas': '\'The workshop demo runs a single pod on purpose.\'',
};

/** Replaces each `decide(...)` with the answer for its prop; throws on a decision with no answer. */
function answer(code: string): string {
  const answered = code
    .replace(/^\s*\/\/ TODO\(cdk8s-prod\).*\n/gm, '')
    .replace(/(\w+): decide\('([^']+)', '(?:[^'\\]|\\.)*'\)/g, (_, prop: string, rule: string) => {
      const a = ANSWERS[prop] ?? ANSWERS[rule];
      if (a === undefined) throw new Error(`no answer for ${prop} (${rule})`);
      return `${prop}: ${a}`;
    })
    .replace(/Suppressions\.add\((\w+), '([^']+)', decide\('[^']+', '(?:[^'\\]|\\.)*'\)\)/g, (_, v: string, rule: string) => `Suppressions.add(${v}, '${rule}', ${ANSWERS[rule]})`);
  if (answered.includes('decide(\'')) throw new Error(`a decision is left: ${answered.split('\n').find((l) => l.includes('decide(\''))}`);
  // The answers use what the code may not have imported yet.
  return answered
    .replace(/^import \{[^}]*\} from 'cdk8s';/m, 'import { ApiObject, Chart, Duration } from \'cdk8s\';')
    .replace(/^import \{[^}]*\} from 'cdk8s-prod';/m, [
      'import {',
      '  BoundedCronJob, BoundedJob, ConfigFile, ConfiguredApp, CpuLimit, Peer, Probe, ProductionApp, ProductionDaemonSet, ProductionDeployment,',
      '  ProductionStatefulSet, QuotaNamespace, Suppressions,',
      '} from \'cdk8s-prod\';',
      'export const used = [ApiObject, Chart, Duration, BoundedCronJob, BoundedJob, ConfigFile, ConfiguredApp, CpuLimit, Peer, Probe, ProductionDaemonSet,',
      '  ProductionDeployment, ProductionStatefulSet, QuotaNamespace, Suppressions];',
    ].join('\n'));
}

/** tsc's diagnostics of one file under the repository's compiler options. */
function typeErrors(file: string): string[] {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const program = ts.createProgram([file], { ...parsed.options, noEmit: true, incremental: false });
  return ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName === file)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

let n = 0;
function writeApp(code: string): string {
  fs.mkdirSync(WORK, { recursive: true });
  const file = path.join(WORK, `app-${process.pid}-${n++}.ts`);
  fs.writeFileSync(file, code);
  return file;
}

/** Synthesizes the app in a file; throws when the synth refuses. */
function synth(file: string, name: string): K8sObject[] {

  const mod = require(file) as { build: (app: any) => void };
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-import-')), 'dist');
  synthesizeApps([{ name, build: mod.build }], { outdir: out });
  return fs.readdirSync(path.join(out, name)).filter((f) => f.endsWith('.k8s.yaml'))
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(out, name, f), 'utf8')).map((d) => d.toJS() as K8sObject));
}

afterAll(() => fs.rmSync(WORK, { recursive: true, force: true }));

/** What each container keeps: image, command, args, env, ports and mounts, by workload name. */
function containerFacts(objects: readonly K8sObject[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const o of objects) {
    const pod = podTemplateOf(o);
    if (!pod) continue;
    const app = containersOf(pod).find((c) => c.role === 'container' && c.container.name !== 'proxy')!.container;
    out[o.metadata!.name!] = {
      image: app.image,
      command: app.command,
      args: app.args,
      env: (app.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]).sort(),
      ports: (app.ports ?? []).map((p: any) => p.containerPort),
      mounts: (app.volumeMounts ?? []).filter((m: any) => m.mountPath !== '/tmp').map((m: any) => m.mountPath),
    };
  }
  return out;
}

/** Every finding of check on the input, once, in the summary; each decision once as a TODO and once as decide(…). */
function expectAccounted(input: string, result: ImportResult): void {
  const checked = check([input]).report.findings.map((f) => `${f.rule} ${f.kind}/${f.name} ${f.path}`).sort();
  expect(result.summary.findings.map((f) => `${f.rule} ${f.object} ${f.path}`).sort()).toEqual(checked);
  for (const d of result.summary.decisions) {
    const todo = `// TODO(cdk8s-prod): ${d.rule}: ${d.why}`;
    expect(result.code.split(todo).length - 1).toBeGreaterThanOrEqual(1);
  }
  const todos = (result.code.match(/\/\/ TODO\(cdk8s-prod\)/g) ?? []).length;
  const decides = (result.code.match(/decide\('/g) ?? []).length;
  expect(decides).toBe(result.summary.decisions.length);
  expect(todos).toBeGreaterThanOrEqual(decides);
  // A finding the construct does not fix is a decision in the code, or an object kept raw.
  for (const f of result.summary.findings.filter((x) => x.disposition === 'decision')) {
    expect(result.summary.decisions.some((d) => d.rule === f.rule)).toBe(true);
  }
}

describe('import: the workshop\'s manifests', () => {
  const files = fs.readdirSync(WORKSHOP).filter((f) => f.endsWith('.yaml')).sort();
  test.each(files)('%s: decisions that do not compile, then compliant code that keeps the containers', (f) => {
    const input = path.join(WORKSHOP, f);
    const objects = objectsOf(input);
    const result = importManifests(objects, { appName: 'workshop' });
    expectAccounted(input, result);
    expect(result.summary.decisions.length).toBeGreaterThan(0);
    // Unanswered, the code does not compile: every decide(…) is a type error.
    const open = writeApp(result.code);
    expect(typeErrors(open).length).toBeGreaterThanOrEqual(result.summary.decisions.length);
    const file = writeApp(answer(result.code));
    expect(typeErrors(file)).toEqual([]);
    const out = synth(file, 'workshop');
    const facts = containerFacts(out);
    const before = containerFacts(objects);
    for (const [name, c] of Object.entries(before) as Array<[string, any]>) {
      const after = facts[name] as any;
      expect(after).toBeDefined();
      // A decision answered for the image (a latest or missing tag) changes it; everything else is kept.
      if (!result.summary.decisions.some((d) => d.rule.startsWith('image-'))) expect(after.image).toBe(c.image);
      expect({ ...after, image: undefined, mounts: undefined }).toEqual({ ...c, image: undefined, mounts: undefined });
      expect(after.mounts).toEqual(expect.arrayContaining(c.mounts));
    }
  });
});

describe('import: a realistic multi-service app', () => {
  let result: ImportResult;
  let objects: K8sObject[];
  beforeAll(() => {
    objects = objectsOf(MULTI);
    result = importManifests(objects, { appName: 'shop' });
  });

  test('maps each workload to its construct, with what belongs to it, and keeps the Ingress raw', () => {
    expect(result.summary.mapped.map((m) => `${m.construct} ${m.id}: ${m.from.map((x) => x.replace(/ \(namespace shop\)/, '')).join(', ')}`)).toEqual([
      'QuotaNamespace shop: Namespace/shop, ResourceQuota/compute',
      'ProductionDeployment web: Deployment/web, NetworkPolicy/web, Service/web, PodDisruptionBudget/web, HorizontalPodAutoscaler/web',
      'ConfiguredApp api: Deployment/api, Service/api, ConfigMap/api-config',
      'ProductionStatefulSet cache: StatefulSet/cache, Service/cache',
      'BoundedJob migrate: Job/migrate',
      'BoundedCronJob report: CronJob/report',
    ]);
    expect(result.summary.raw).toEqual([{ object: 'Ingress/web (namespace shop)', why: 'Ingress has no construct' }]);
  });

  test('asks exactly what the input does not say, and says what changes', () => {
    expect(result.summary.decisions.map((d) => d.rule)).toEqual([
      'cpu-limit', 'liveness-probe', 'readiness-probe', 'secret-env-var', 'network-policy-coverage', 'network-policy-coverage',
      'network-policy-coverage', 'network-policy-coverage', 'statefulset-volume-claim-template', 'network-policy-coverage', 'job-active-deadline',
      'network-policy-coverage', 'cronjob-concurrency-policy', 'job-backoff-limit',
    ]);
    expect(result.summary.differences).toEqual(expect.arrayContaining([
      'Service/web was LoadBalancer; the construct\'s Service is ClusterIP (expose it through an Ingress or Gateway)',
      'PodDisruptionBudget/web is replaced by the construct\'s (maxUnavailable 1)',
      'Deployment/api: container port 8080 had no name; it is named "port-8080"',
      'Service/cache: the headless Service is named cache-headless by the construct',
    ]));
    expectAccounted(MULTI, result);
  });

  test('the props read from the manifests', () => {
    const code = result.code;
    expect(code).toContain('liveness: Probe.http(\'/healthz\', { port: \'http\', initialDelay: Duration.seconds(10) })');
    expect(code).toContain('readiness: Probe.http(\'/ready\', { port: \'http\', period: Duration.seconds(5) })');
    expect(code).toMatch(/autoscaling: \{\s+minReplicas: 3,\s+maxReplicas: 10,\s+cpuUtilization: 60,\s+\}/);
    expect(code).toContain('Peer.namespace(\'ingress-nginx\')');
    expect(code).toContain('to: Peer.pods({ app: \'api\' })');
    expect(code).toContain('ConfigFile.inline(\'api.yaml\', \'listen: 0.0.0.0:8080\\ncache: redis://cache:6379\\n\')');
    expect(code).toMatch(/name: 'api-db',\s+env: \{\s+variables: \{\s+DB_PASSWORD: 'password',/);
    expect(code).toMatch(/name: 'api-tls',\s+mountPath: '\/var\/run\/secrets\/api\/tls',/);
    expect(code).toMatch(/podSecurity: \{\s+user: 1000,\s+group: 1000,\s+\}/);
    expect(code).toContain('servicePort: 80');
  });

  test('answered, it type-checks, synthesizes with zero findings and keeps every container', () => {
    const file = writeApp(answer(result.code));
    expect(typeErrors(file)).toEqual([]);
    const out = synth(file, 'shop');
    const before = containerFacts(objects);
    const after = containerFacts(out);
    for (const [name, c] of Object.entries(before) as Array<[string, any]>) {
      expect({ ...(after[name] as any), mounts: undefined }).toEqual({ ...c, mounts: undefined });
      expect((after[name] as any).mounts).toEqual(expect.arrayContaining(c.mounts));
    }
    expect(out.find((o) => o.kind === 'Ingress')?.spec).toEqual(objects.find((o) => o.kind === 'Ingress')?.spec);
  });
});

describe('import: the round trip of dist/shop', () => {
  test('importing dist/shop gives code whose synth equals dist/shop field by field, with no decision and no difference', () => {
    const dist = path.join(ROOT, 'dist', 'shop');
    const objects = objectsOf(dist);
    const result = importManifests(objects, { appName: 'shop' });
    expect(result.summary.decisions).toEqual([]);
    expect(result.summary.raw).toEqual([]);
    expect(result.summary.differences).toEqual([]);
    const file = writeApp(result.code);
    expect(typeErrors(file)).toEqual([]);
    const diff = diffOutputs(objects, synth(file, 'shop'));
    expect(diff.objects).toEqual([]);
    expect(diff.summary).toEqual({ added: 0, removed: 0, changed: 0, risks: 0 });
  });
});

describe('cdk8s-prod import', () => {
  test('writes the app and the summary, refuses to overwrite without --force, and needs --out', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-import-cli-'));
    const out = path.join(dir, 'apps', 'team', 'app.ts');
    const r = run(['import', MULTI, '--out', out, '--summary', path.join(dir, 'summary.md')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`wrote ${out}: 6 constructs, 1 objects kept raw, 14 decisions to make`);
    expect(fs.readFileSync(out, 'utf8')).toContain('new Chart(app, \'team\'');
    expect(fs.readFileSync(path.join(dir, 'summary.md'), 'utf8')).toContain('## Needs a decision (14)');
    const again = run(['import', MULTI, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.err).toContain('exists; give --force to replace it');
    expect(run(['import', MULTI]).err).toContain('import needs --out');
    const missing = run(['import', path.join(dir, 'missing.yaml'), '--out', path.join(dir, 'x', 'app.ts')]);
    expect(missing.code).toBe(2);
    expect(fs.existsSync(path.join(dir, 'x', 'app.ts'))).toBe(false);
  });
});

describe('import: secrets are never copied into the code', () => {
  test('a literal secret in env, a secret in a ConfigMap and a Secret\'s values become decisions', () => {
    const password = 'Zx9!q7Lm#Rt2Vb8Wp4Nc';
    const key = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1f3Xy0mK2pQwErTyUiOpAsDfGhJkLzXcVbNm\n-----END RSA PRIVATE KEY-----\n';
    const objects: K8sObject[] = [
      {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'shop' },
        spec: {
          selector: { matchLabels: { app: 'api' } },
          template: {
            metadata: { labels: { app: 'api' } },
            spec: {
              containers: [{
                name: 'api', image: 'registry.example.com/shop/api:1.0.0', env: [{ name: 'DB_PASSWORD', value: password }],
                volumeMounts: [{ name: 'config', mountPath: '/etc/api' }],
              }],
              volumes: [{ name: 'config', configMap: { name: 'api' } }],
            },
          },
        },
      },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'api', namespace: 'shop' }, data: { 'tls.key': key } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, stringData: { password } },
    ];
    const result = importManifests(objects, { appName: 'shop' });
    expect(result.code).not.toContain(password);
    expect(result.code).not.toContain('MIIEowIBAAKCAQEA');
    expect(result.summary.decisions.map((d) => d.rule)).toEqual(expect.arrayContaining(['env-secret-literal', 'configmap-secret-content', 'secret-in-manifests']));
    expect(result.code).toContain('// TODO(cdk8s-prod): env-secret-literal: Deployment/api: env DB_PASSWORD holds a literal secret');
  });
});
