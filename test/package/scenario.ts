/**
 * What a team does to adopt cdk8s-prod in its own cdk8s project, run for real: the package from
 * `npm pack`, installed offline into a project made from the cdk8s init template, set up with
 * `npx cdk8s-prod init`, synthesized with `npx cdk8s synth`, checked with `npx cdk8s-prod check`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { listFiles } from '../../src/synth/atomic-dir';
import { cliCopyOf } from '../helpers';
import { PROJECT_NAME, ROOT, Variant, createProject, packPackage, run } from './user-project';

const PUBLIC_API = path.join(ROOT, 'test', 'types', 'public-api.ts');
const INIT_FILES = ['cdk8s.yaml', '.gitignore', 'package.json', '.github/workflows/cdk8s-prod.yml'];

/** The user's main.ts: the template's chart, with cdk8s-prod constructs and a cdk8s-plus Deployment. */
export function mainTs(plus: string, workerImage = 'registry.example.com/team/worker:2.0.1'): string {
  return `import { Construct } from 'constructs';
import { ApiObject, Chart, ChartProps, JsonPatch, Size } from 'cdk8s';
import * as kplus from '${plus}';
import { ProductionApp, ProductionDeployment, Probe, QuotaNamespace } from 'cdk8s-prod';

export class MyChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = { }) {
    super(scope, id, props);
    const ns = new QuotaNamespace(this, 'team', {
      quota: { requestsCpu: '2', requestsMemory: '2Gi', limitsMemory: '4Gi', pods: 20 },
    });
    new ProductionDeployment(ns, 'web', {
      image: 'registry.example.com/team/web:1.4.2',
      ports: [{ name: 'http', port: 8080, servicePort: 80 }],
      liveness: Probe.http('/healthz', { port: 'http' }),
      readiness: Probe.http('/ready', { port: 'http' }),
      resources: 'small',
    });

    // A plain cdk8s-plus Deployment, made compliant by hand; ProductionApp checks it like any object.
    const metadata = { namespace: ns.name };
    const labels = { 'app.kubernetes.io/name': 'worker' };
    const worker = new kplus.Deployment(this, 'worker', {
      metadata,
      replicas: 2,
      podMetadata: { labels },
      select: false,
      strategy: kplus.DeploymentStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.absolute(0), maxSurge: kplus.PercentOrAbsolute.absolute(1) }),
      serviceAccount: new kplus.ServiceAccount(this, 'worker-sa', { metadata, automountToken: false }),
      securityContext: { ensureNonRoot: true, user: 10001, group: 10001, fsGroup: 10001 },
      containers: [{
        name: 'worker',
        image: '${workerImage}',
        portNumber: 8080,
        liveness: kplus.Probe.fromHttpGet('/healthz', { port: 8080 }),
        readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080 }),
        resources: { cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } },
        securityContext: { ensureNonRoot: true, user: 10001, group: 10001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false },
      }],
    });
    worker.select(kplus.LabelSelector.of({ labels }));
    ApiObject.of(worker).addJsonPatch(
      JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
      JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }),
      // The pause container as PID 1 reaps zombies and forwards signals (pattern 2).
      JsonPatch.add('/spec/template/spec/shareProcessNamespace', true),
    );
    new kplus.k8s.KubePodDisruptionBudget(this, 'worker-pdb', {
      metadata,
      spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: labels }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    });
    new kplus.k8s.KubeNetworkPolicy(this, 'worker-netpol', { metadata, spec: { podSelector: { matchLabels: labels }, policyTypes: ['Ingress', 'Egress'] } });
  }
}

const app = new ProductionApp();
new MyChart(app, '${PROJECT_NAME}');
app.synth();
`;
}

const bytes = (dir: string) => Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));

/** Every folder of the tree that holds a copy of the package `name`. */
function copiesOf(project: string, name: string): string[] {
  const found: string[] = [];
  const walk = (modules: string) => {
    if (!fs.existsSync(modules)) return;
    for (const entry of fs.readdirSync(modules, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dirs = entry.name.startsWith('@')
        ? fs.readdirSync(path.join(modules, entry.name)).map((n) => path.join(modules, entry.name, n))
        : [path.join(modules, entry.name)];
      for (const d of dirs) {
        const manifest = path.join(d, 'package.json');
        if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === name) found.push(path.relative(project, d));
        walk(path.join(d, 'node_modules'));
      }
    }
  };
  walk(path.join(project, 'node_modules'));
  return found.sort();
}

export function describeUserProject(variant: Variant): void {
  describe(`a user's cdk8s project: ${variant.title}`, () => {
    let dir = '';
    const npx = (args: string[]) => run('npx', args, { cwd: dir });
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

    beforeAll(() => {
      const tarball = packPackage();
      dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `cdk8s-prod-user-${variant.name}-`)), PROJECT_NAME);
      fs.mkdirSync(dir);
      createProject(variant, dir, tarball);
      const r = run('npm', ['ci', '--offline'], { cwd: dir });
      if (r.status !== 0) {
        throw new Error(`npm ci --offline failed in ${dir}${/ENOTCACHED/.test(r.stderr) ? ' (a package is not in npm\'s cache: run `npm run user-projects -- fetch`, as .ci/run does)' : ''}:\n${r.stderr}`);
      }
    }, 300_000);

    test('the tarball installs offline, with one copy of cdk8s and of constructs in the tree', () => {
      expect(copiesOf(dir, 'cdk8s')).toEqual([path.join('node_modules', 'cdk8s')]);
      expect(copiesOf(dir, 'constructs')).toEqual([path.join('node_modules', 'constructs')]);
      expect(copiesOf(dir, 'cdk8s-prod')).toEqual([path.join('node_modules', 'cdk8s-prod')]);
      const installed = (name: string) => JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
      expect(installed('cdk8s')).toBe(variant.values.cdk8s_core_version);
      expect(installed('constructs')).toBe(variant.values.constructs_version);
      expect(installed(variant.plus)).toBe(variant.values.cdk8s_plus_version);
      expect(installed('cdk8s-prod')).toBe(version);
      // What was installed is the compiled package, nothing else: no sources, tests or apps.
      const shipped = listFiles(path.join(dir, 'node_modules', 'cdk8s-prod')).filter((f) => !f.startsWith(`node_modules${path.sep}`));
      expect(shipped.filter((f) => !/^(lib\/(src|constructs)\/.*\.(js|d\.ts)|bin\/cdk8s-prod\.js|templates\/[^/]+\.yml|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/.test(f))).toEqual([]);
    });

    test('`npx cdk8s-prod init` sets the project up, says what it did, and a second run changes nothing', () => {
      const r = npx(['cdk8s-prod', 'init']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('updated cdk8s.yaml: output: .cdk8s.out (was unset, so dist)');
      expect(r.stdout).toContain('updated .gitignore: ignore .cdk8s.out/, dist.staging-*/, dist.previous-*/');
      expect(r.stdout).toContain('updated package.json: scripts.check = "cdk8s-prod check dist/"');
      expect(r.stdout).toContain('created .github/workflows/cdk8s-prod.yml');
      expect(r.stdout).toContain('in main.ts, create the app with `new ProductionApp()`');
      const config = parse(fs.readFileSync(path.join(dir, 'cdk8s.yaml'), 'utf8'));
      expect(config).toEqual({ language: 'typescript', app: 'npx ts-node main.ts', imports: ['k8s'], output: '.cdk8s.out' });
      expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['dist/', '.cdk8s.out/', 'dist.staging-*/', 'dist.previous-*/']));
      const workflow = parse(fs.readFileSync(path.join(dir, '.github', 'workflows', 'cdk8s-prod.yml'), 'utf8'));
      expect(workflow.jobs['synth-and-check'].steps.map((s: { run?: string }) => s.run ?? '').join('\n')).toContain('npx cdk8s synth');
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).scripts.check).toBe('cdk8s-prod check dist/');

      const touched = () => INIT_FILES.map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
      const before = touched();
      const again = npx(['cdk8s-prod', 'init']);
      expect(again.status).toBe(0);
      expect(again.stdout).not.toMatch(/^ {2}(updated|created) /m);
      expect(again.stdout).toContain('unchanged cdk8s.yaml: output is already .cdk8s.out');
      expect(touched()).toEqual(before);
    });

    test('the declarations compile under the template\'s tsconfig (lib es2016, no skipLibCheck), the whole public API included', () => {
      fs.writeFileSync(path.join(dir, 'main.ts'), mainTs(variant.plus));
      // The type test of the public surface, importing the package by name as the user does.
      fs.copyFileSync(PUBLIC_API, path.join(dir, 'public-api.ts'));
      const r = run(path.join(dir, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', '.'], { cwd: dir });
      expect(r.stdout + r.stderr).toBe('');
      expect(r.status).toBe(0);
      fs.rmSync(path.join(dir, 'public-api.ts'));
    });

    test('`npx cdk8s synth` writes compliant manifests into dist/ and gives cdk8s-cli its copy', () => {
      const r = npx(['cdk8s', 'synth']);
      expect(r.status).toBe(0);
      // The hand-made cdk8s-plus Deployment still earns warnings (no spread, numbered probe ports, ...):
      // they are printed, and only warnings.
      expect(r.stderr).toMatch(/^\[warning\] team-app\/worker\/Resource: topology-spread /m);
      expect(r.stderr.split('\n').filter((l) => /^\[/.test(l) && !l.startsWith('[warning] team-app/worker'))).toEqual([]);
      const dist = bytes(path.join(dir, 'dist'));
      expect(Object.keys(dist)).toEqual(['kustomization.yaml', `${PROJECT_NAME}.k8s.yaml`]);
      expect(bytes(path.join(dir, '.cdk8s.out'))).toEqual(cliCopyOf(dist));
      const objects = parseAllDocuments(dist[`${PROJECT_NAME}.k8s.yaml`]).map((d) => d.toJS());
      const deployments = objects.filter((o) => o.kind === 'Deployment');
      expect(deployments.map((d) => d.metadata.namespace)).toEqual(['team', 'team']);
      expect(deployments.map((d) => d.spec.template.spec.containers.map((c: { image: string }) => c.image)).flat())
        .toEqual(['registry.example.com/team/web:1.4.2', 'registry.example.com/team/worker:2.0.1']);

      const check = npx(['cdk8s-prod', 'check', 'dist/', '--format', 'json']);
      expect(check.status).toBe(0);
      expect(JSON.parse(check.stdout).summary).toMatchObject({ errors: 0, problems: [] });

      // --stdout prints the same objects as a stream kubectl reads: each its own document, no kustomization.
      const printed = npx(['cdk8s', 'synth', '--stdout']);
      expect(printed.status).toBe(0);
      const docs = parseAllDocuments(printed.stdout);
      expect(docs.flatMap((d) => d.errors)).toEqual([]);
      expect(docs.map((d) => d.toJS()).filter((o) => o !== null)).toEqual(objects);
    });

    test('a refused synth names the finding and leaves dist/ byte-identical', () => {
      const before = bytes(path.join(dir, 'dist'));
      fs.writeFileSync(path.join(dir, 'main.ts'), mainTs(variant.plus, 'registry.example.com/team/worker:latest'));
      const r = npx(['cdk8s', 'synth']);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('PolicyError: cdk8s-prod refused to synthesize: 1 error finding');
      expect(r.stderr).toMatch(new RegExp(`\\[error\\] ${PROJECT_NAME}/worker/Resource: image-not-latest at spec\\.template\\.spec\\.containers\\[0\\]\\.image of Deployment/`));
      // The findings, not a dump of the report or cdk8s-prod's stack frames.
      expect(r.stderr).not.toContain('report: {');
      expect(r.stderr).not.toMatch(/^ {4}at .*node_modules\/cdk8s-prod\//m);
      expect(bytes(path.join(dir, 'dist'))).toEqual(before);
      expect(fs.readdirSync(dir).filter((f) => f.startsWith('dist.'))).toEqual([]);
      fs.writeFileSync(path.join(dir, 'main.ts'), mainTs(variant.plus));
    });

    test('`npx cdk8s-prod` checks, lists rules and reports budgets with no ts-node or typescript installed', () => {
      for (const f of ['ts-node', 'typescript', path.join('.bin', 'ts-node'), path.join('.bin', 'tsc'), path.join('.bin', 'tsserver')]) {
        fs.rmSync(path.join(dir, 'node_modules', f), { recursive: true, force: true });
      }
      expect(() => require.resolve('ts-node', { paths: [dir] })).toThrow();
      expect(npx(['cdk8s-prod', '--version'])).toMatchObject({ status: 0, stdout: `${version}\n`, stderr: '' });
      const clean = npx(['cdk8s-prod', 'check', 'dist/']);
      expect(clean).toMatchObject({ status: 0, stderr: '' });
      expect(clean.stdout).toMatch(/0 errors/);
      fs.writeFileSync(path.join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: team}\nspec:\n  containers: [{name: c, image: "nginx:latest"}]\n');
      const dirty = npx(['cdk8s-prod', 'check', 'pod.yaml', '--format', 'json']);
      expect(dirty.status).toBe(1);
      expect(JSON.parse(dirty.stdout).findings.map((f: { rule: string }) => f.rule)).toEqual(expect.arrayContaining(['no-bare-pod', 'image-not-latest']));
      expect(JSON.parse(npx(['cdk8s-prod', 'rules', '--format', 'json']).stdout).length).toBeGreaterThan(60);
      const budget = npx(['cdk8s-prod', 'budget', 'dist/']);
      expect(budget.status).toBe(0);
      expect(budget.stdout).toMatch(/^namespace team, ResourceQuota /m);
    });

    test('`check` of a large repository parses it on worker threads of the installed package (no ts-node), with the report of one thread', () => {
      const big = path.join(dir, 'big');
      for (let i = 0; i < 300; i++) {
        fs.mkdirSync(path.join(big, `team-${i % 10}`), { recursive: true });
        const pod = `apiVersion: v1\nkind: Pod\nmetadata: {name: p-${i}, namespace: team}\nspec:\n  hostNetwork: ${i % 2 ? 'yes' : 'no'}\n`
          + `  containers: [{name: c, image: "nginx:latest", env: [${Array.from({ length: 60 }, (_, j) => `{name: V${j}, value: "${'x'.repeat(40)}"}`).join(', ')}]}]\n`;
        fs.writeFileSync(path.join(big, `team-${i % 10}`, `p-${i}.yaml`), pod);
      }
      const one = npx(['cdk8s-prod', 'check', 'big', '--jobs', '1', '--format', 'json']);
      expect(one.status).toBe(1);
      expect(JSON.parse(one.stdout).findings.length).toBeGreaterThan(600);
      expect(npx(['cdk8s-prod', 'check', 'big', '--jobs', '2', '--format', 'json'])).toEqual(one);
      // Every file on a worker: the installed lib/src/cli/load-worker.js runs as it ships.
      const script = "const { check } = require('cdk8s-prod');"
        + "const load = require(require.resolve('cdk8s-prod').replace(/index\\.js$/, 'cli/load.js'));"
        + "const a = check(['big'], process.cwd(), {}, { jobs: 1 });"
        + "const b = check(['big'], process.cwd(), {}, { jobs: 2, readHere: false });"
        + 'console.log(JSON.stringify({ same: JSON.stringify(a) === JSON.stringify(b), threads: load.lastLoad.threads, byWorkers: load.lastLoad.readByWorkers }));';
      const r = run('node', ['-e', script], { cwd: dir });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual({ same: true, threads: 2, byWorkers: 300 });
    });
  });
}
