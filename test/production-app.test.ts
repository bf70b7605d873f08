import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Include, JsonPatch, YamlOutputType } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import * as kplus from 'cdk8s-plus-28';
import { PolicyError, ProductionApp, Suppressions, errorsOf } from '../src';
import { listFiles } from '../src/synth/atomic-dir';
import { compliantSet } from './fixtures';
import { cliCopyOf } from './helpers';

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-app-'));
}

/** A chart holding the whole compliant fixture system as raw ApiObjects. */
function compliantChart(app: ProductionApp, id = 'shop'): Chart {
  const chart = new Chart(app, id, { disableResourceNameHashes: true });
  compliantSet().forEach((o) => new ApiObject(chart, `${o.kind}-${o.metadata!.name}`, o as any));
  return chart;
}

/** The output folder with a file from an earlier synth, and a snapshot of its bytes. */
function previousOutput(): { outdir: string; snapshot: () => Record<string, string> } {
  const outdir = path.join(tmpdir(), 'dist');
  fs.mkdirSync(outdir);
  fs.writeFileSync(path.join(outdir, 'earlier.k8s.yaml'), 'kind: Earlier\n');
  const snapshot = () => Object.fromEntries(listFiles(outdir).map((f) => [f, fs.readFileSync(path.join(outdir, f), 'utf8')]));
  return { outdir, snapshot };
}

function synthError(app: ProductionApp): PolicyError {
  try {
    app.synth();
  } catch (e) {
    if (e instanceof PolicyError) return e;
    throw e;
  }
  throw new Error('synth was expected to fail');
}

describe('ProductionApp', () => {
  test('synthesizes a compliant app, with a kustomization and nothing stale', () => {
    const { outdir } = previousOutput();
    const app = new ProductionApp({ outdir, onWarning: () => undefined });
    compliantChart(app);
    app.synth();
    expect(listFiles(outdir)).toEqual(['kustomization.yaml', 'shop.k8s.yaml']);
    expect(fs.readFileSync(path.join(outdir, 'kustomization.yaml'), 'utf8')).toContain('  - shop.k8s.yaml');
  });

  test('the audit sees every object of every chart with its construct path', () => {
    const app = new ProductionApp({ outdir: tmpdir() });
    compliantChart(app, 'a');
    const report = app.audit();
    expect(report.objects).toBe(compliantSet().length);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  describe('escape hatches are policed and the output is left as it was', () => {
    test('a raw ApiObject bare Pod', () => {
      const { outdir, snapshot } = previousOutput();
      const before = snapshot();
      const app = new ProductionApp({ outdir });
      const chart = compliantChart(app);
      new ApiObject(chart, 'bare', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: 'shop' }, spec: compliantSet()[5].spec.template.spec });
      const err = synthError(app);
      const bare = errorsOf(err.report).filter((f) => f.constructPath === 'shop/bare');
      expect(bare.map((f) => [f.rule, f.path])).toEqual([['no-bare-pod', 'kind']]);
      expect(err.message).toContain('shop/bare: no-bare-pod at kind of Pod/bare (namespace shop)');
      expect(snapshot()).toEqual(before);
    });

    test('a cdk8s-plus Deployment with an untagged image', () => {
      const { outdir, snapshot } = previousOutput();
      const before = snapshot();
      const app = new ProductionApp({ outdir });
      const chart = compliantChart(app);
      new kplus.Deployment(chart, 'plain', { containers: [{ image: 'nginx', portNumber: 8080 }] });
      const err = synthError(app);
      const image = errorsOf(err.report).filter((f) => f.rule === 'image-tag-required');
      expect(image.map((f) => [f.constructPath, f.path])).toEqual([['shop/plain/Resource', 'spec.template.spec.containers[0].image']]);
      expect(err.message).toContain('shop/plain/Resource: image-tag-required at spec.template.spec.containers[0].image');
      expect(snapshot()).toEqual(before);
    });

    test('a cdk8s-plus Job without a deadline', () => {
      const { outdir, snapshot } = previousOutput();
      const before = snapshot();
      const app = new ProductionApp({ outdir });
      const chart = compliantChart(app);
      new kplus.Job(chart, 'batch', { containers: [{ image: 'registry.example.com/tools:1.0.0' }] });
      const err = synthError(app);
      const deadline = errorsOf(err.report).filter((f) => f.rule === 'job-active-deadline');
      expect(deadline.map((f) => [f.constructPath, f.path])).toEqual([['shop/batch/Resource', 'spec.activeDeadlineSeconds']]);
      expect(snapshot()).toEqual(before);
    });

    test('Included YAML with an unbounded Job', () => {
      const { outdir, snapshot } = previousOutput();
      const before = snapshot();
      const app = new ProductionApp({ outdir });
      const chart = compliantChart(app);
      new Include(chart, 'legacy', { url: path.join(__dirname, 'workshop', 'bad-job.yaml') });
      const err = synthError(app);
      const deadline = errorsOf(err.report).filter((f) => f.rule === 'job-active-deadline');
      expect(deadline.map((f) => [f.constructPath, f.path])).toEqual([['shop/legacy/bad-job', 'spec.activeDeadlineSeconds']]);
      expect(err.message).toContain('shop/legacy/bad-job: job-active-deadline at spec.activeDeadlineSeconds of Job/bad');
      expect(snapshot()).toEqual(before);
    });

    test('a JSON patch that breaks a compliant object', () => {
      const app = new ProductionApp({ outdir: tmpdir() });
      const chart = compliantChart(app);
      const deployment = chart.node.findChild('Deployment-web') as ApiObject;
      deployment.addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/securityContext/privileged', true));
      const err = synthError(app);
      expect(errorsOf(err.report).map((f) => [f.rule, f.constructPath, f.path])).toEqual([
        ['no-privileged', 'shop/Deployment-web', 'spec.template.spec.containers[0].securityContext.privileged'],
      ]);
    });
  });

  test('synthYaml is policed too', () => {
    const app = new ProductionApp({ outdir: tmpdir() });
    const chart = compliantChart(app);
    new ApiObject(chart, 'bare', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare' } });
    expect(() => app.synthYaml()).toThrow(PolicyError);
  });

  test('warnings are reported, not fatal', () => {
    const warnings: string[] = [];
    const app = new ProductionApp({ outdir: tmpdir(), onWarning: (w) => warnings.push(w) });
    const chart = compliantChart(app);
    const d = chart.node.findChild('Deployment-web') as ApiObject;
    d.addJsonPatch(JsonPatch.remove('/spec/template/spec/containers/0/resources/limits/cpu'));
    app.synth();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('cpu-limit at spec.template.spec.containers[0].resources.limits.cpu');
  });
});

describe('ProductionApp writes charts as cdk8s orders them, without its pass over the whole app per chart', () => {
  /** The compliant set over four charts: one nested in another, one depending on another, objects depending on objects. */
  function build(app: App): void {
    const byName = new Map(compliantSet().map((o) => [`${o.kind}/${o.metadata!.name}`, o]));
    const put = (chart: Chart, ...keys: string[]) => keys.map((k) => new ApiObject(chart, k.replace('/', '-'), byName.get(k) as any));
    const platform = new Chart(app, 'platform', { disableResourceNameHashes: true });
    put(platform, 'Namespace/shop', 'ResourceQuota/quota', 'LimitRange/limits', 'NetworkPolicy/default-deny');
    const report = new Chart(app, 'report', { disableResourceNameHashes: true });
    put(report, 'CronJob/report', 'ServiceAccount/report');
    report.addDependency(platform);
    const web = new Chart(app, 'web', { disableResourceNameHashes: true });
    const [sa, deployment, , , , config] = put(web, 'ServiceAccount/web', 'Deployment/web', 'PodDisruptionBudget/web', 'Service/web', 'NetworkPolicy/web', 'ConfigMap/web-config-5f7c2d9b1a');
    deployment.addDependency(config, sa);
    const migrate = new Chart(web, 'migrate', { disableResourceNameHashes: true });
    put(migrate, 'Job/migrate', 'ServiceAccount/migrate');
  }

  /** Each file's documents, as values, in order. */
  function written(outdir: string): Record<string, unknown[]> {
    return Object.fromEntries(listFiles(outdir).filter((f) => f !== 'kustomization.yaml')
      .map((f) => [f, parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf8')).map((d) => d.toJS())]));
  }

  test.each(['FILE_PER_CHART', 'FILE_PER_APP', 'FILE_PER_RESOURCE', 'FOLDER_PER_CHART_FILE_PER_RESOURCE'] as const)('%s: the files and the order of their documents are a plain App\'s', (type) => {
    const yamlOutputType = YamlOutputType[type];
    const plain = new App({ outdir: tmpdir(), yamlOutputType });
    build(plain);
    plain.synth();
    const ours = new ProductionApp({ outdir: path.join(tmpdir(), 'dist'), yamlOutputType, onWarning: () => undefined });
    build(ours);
    ours.synth();
    const expected = written(plain.outdir);
    expect(Object.values(expected).flat()).toHaveLength(compliantSet().length);
    expect(written(ours.outdir)).toEqual(expected);
  });

  test('dependencies come first, and the charts answer cdk8s\'s own toJson again after the synth', () => {
    const app = new ProductionApp({ outdir: path.join(tmpdir(), 'dist'), onWarning: () => undefined });
    build(app);
    app.synth();
    const files = written(app.outdir);
    // Charts that depend on others get numbered files (cdk8s's IndexedChartNamer).
    const web = (files[Object.keys(files).find((f) => /-web\.k8s\.yaml$/.test(f))!] as Array<{ kind: string }>).map((d) => d.kind);
    expect(web.indexOf('ConfigMap')).toBeLessThan(web.indexOf('Deployment'));
    expect(web.indexOf('ServiceAccount')).toBeLessThan(web.indexOf('Deployment'));
    expect(web).not.toContain('Job');
    const charts = app.node.findAll().filter((c): c is Chart => c instanceof Chart);
    expect(charts).toHaveLength(4);
    for (const chart of charts) expect(Object.prototype.hasOwnProperty.call(chart, 'toJson')).toBe(false);
  });

  test('a chart class with a toJson of its own keeps it', () => {
    class OnlyConfig extends Chart {
      public toJson(): any[] {
        return super.toJson().filter((o: any) => o.kind === 'ConfigMap');
      }
    }
    const app = new ProductionApp({ outdir: path.join(tmpdir(), 'dist'), onWarning: () => undefined });
    const chart = new OnlyConfig(app, 'shop', { disableResourceNameHashes: true });
    compliantSet().forEach((o) => new ApiObject(chart, `${o.kind}-${o.metadata!.name}`, o as any));
    app.synth();
    expect((written(app.outdir)['shop.k8s.yaml'] as Array<{ kind: string }>).map((d) => d.kind)).toEqual(['ConfigMap']);
  });
});

describe('Suppressions', () => {
  test('a reasoned suppression silences the rule for that object and records the other checkers\' annotations', () => {
    const app = new ProductionApp({ outdir: tmpdir(), onWarning: () => undefined });
    const chart = compliantChart(app);
    const d = chart.node.findChild('Deployment-web') as ApiObject;
    d.addJsonPatch(JsonPatch.remove('/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem'));
    Suppressions.add(d, 'read-only-root-filesystem', 'The vendor image rewrites its config at start; tracked in OPS-123.');
    const report = app.audit();
    expect(report.findings.filter((f) => f.rule === 'read-only-root-filesystem')).toEqual([]);
    expect(report.suppressed.map((f) => [f.rule, f.suppressedBecause])).toEqual([
      ['read-only-root-filesystem', 'The vendor image rewrites its config at start; tracked in OPS-123.'],
    ]);
    const annotations = d.toJson().metadata.annotations;
    expect(annotations['cdk8s-prod.io/suppress.read-only-root-filesystem']).toBe('The vendor image rewrites its config at start; tracked in OPS-123.');
    expect(annotations['ignore-check.kube-linter.io/no-read-only-root-fs']).toBe('The vendor image rewrites its config at start; tracked in OPS-123.');
    expect(annotations['polaris.fairwinds.com/notReadOnlyRootFilesystem-exempt']).toBe('true');
  });

  test('a suppression on a scope covers objects added to it later', () => {
    const app = new ProductionApp({ outdir: tmpdir(), onWarning: () => undefined });
    const chart = compliantChart(app);
    Suppressions.add(chart, 'no-host-port', 'The node-local DNS cache must listen on the host port by design.');
    const late = new ApiObject(chart, 'late', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } });
    app.audit();
    expect(late.toJson().metadata.annotations['cdk8s-prod.io/suppress.no-host-port']).toContain('node-local DNS');
  });

  test('hard-core rules cannot be suppressed', () => {
    const app = new ProductionApp({ outdir: tmpdir() });
    const chart = compliantChart(app);
    expect(() => Suppressions.add(chart, 'no-bare-pod', 'We really need a bare pod for this one thing.'))
      .toThrow('shop: cannot suppress "no-bare-pod": it belongs to the hard core');
    expect(() => Suppressions.add(chart, 'job-active-deadline', 'The migration can take as long as it needs.'))
      .toThrow(/hard core/);
  });

  test.each([
    ['', 'the reason is empty'],
    ['   ', 'the reason is empty'],
    ['TODO', '"TODO" is a placeholder, not a reason'],
    ['n/a', '"n/a" is a placeholder, not a reason'],
    ['because', '"because" is a placeholder, not a reason'],
    ['legacy', '"legacy" is too short to explain anything (at least 10 characters)'],
    ['xxxxxxxxxxxxxxx', '"xxxxxxxxxxxxxxx" is a placeholder, not a reason'],
    ['aaaaaaaaaaaa', '"aaaaaaaaaaaa" is not a sentence (at least two words)'],
  ])('the reason %j is refused', (reason, why) => {
    const app = new ProductionApp({ outdir: tmpdir() });
    const chart = compliantChart(app);
    expect(() => Suppressions.add(chart, 'cpu-limit', reason))
      .toThrow(`shop: the suppression of "cpu-limit" needs a reason: ${why}`);
  });

  test('an unknown rule is refused at compile time and at run time', () => {
    const app = new ProductionApp({ outdir: tmpdir() });
    const chart = compliantChart(app);
    // @ts-expect-error: not a rule id of the catalogue
    expect(() => Suppressions.add(chart, 'no-such-rule', 'A reason that is long enough to count.')).toThrow('cannot suppress "no-such-rule": no such rule');
  });

  test('annotations in YAML that suppress a hard-core rule, or give no reason, are findings', () => {
    const app = new ProductionApp({ outdir: tmpdir() });
    const chart = compliantChart(app);
    const d = chart.node.findChild('Deployment-web') as ApiObject;
    d.metadata.addAnnotation('cdk8s-prod.io/suppress.no-privileged', 'We need it for the GPU driver.');
    d.metadata.addAnnotation('cdk8s-prod.io/suppress.cpu-limit', 'tbd');
    const err = synthError(app);
    expect(errorsOf(err.report).map((f) => [f.rule, f.path, f.message])).toEqual([
      ['suppression-valid', 'metadata.annotations["cdk8s-prod.io/suppress.cpu-limit"]', 'the suppression of "cpu-limit" is not honoured: "tbd" is a placeholder, not a reason'],
      ['suppression-valid', 'metadata.annotations["cdk8s-prod.io/suppress.no-privileged"]', 'rule "no-privileged" belongs to the hard core and cannot be suppressed'],
    ]);
  });
});

describe('ProductionApp: the published folder and cdk8s-cli\'s folder', () => {
  const envBefore = process.env.CDK8S_OUTDIR;
  const cwdBefore = process.cwd();
  afterEach(() => {
    if (envBefore === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = envBefore;
    process.chdir(cwdBefore);
  });
  const bytes = (dir: string) => Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));

  test('publishes dist/ by default, whatever CDK8S_OUTDIR says, and copies it into CDK8S_OUTDIR for the CLI', () => {
    const project = tmpdir();
    process.chdir(project);
    process.env.CDK8S_OUTDIR = '.cdk8s.out';
    const warnings: string[] = [];
    const app = new ProductionApp({ onWarning: (m) => warnings.push(m) });
    expect(app.outdir).toBe('dist');
    compliantChart(app);
    fs.mkdirSync(path.join(project, '.cdk8s.out'));
    fs.writeFileSync(path.join(project, '.cdk8s.out', 'stale.yaml'), 'kind: Stale\n');
    app.synth();
    expect(Object.keys(bytes(path.join(project, 'dist')))).toEqual(['kustomization.yaml', 'shop.k8s.yaml']);
    expect(bytes(path.join(project, '.cdk8s.out'))).toEqual(cliCopyOf(bytes(path.join(project, 'dist'))));
    expect(warnings.filter((w) => w.startsWith('cdk8s-prod:'))).toEqual([]);
  });

  test('a refused synth touches neither folder', () => {
    const project = tmpdir();
    const cli = path.join(project, 'cli-out');
    const { outdir, snapshot } = previousOutput();
    const before = snapshot();
    const app = new ProductionApp({ outdir, cliOutdir: cli, onWarning: () => undefined });
    new ApiObject(new Chart(app, 'bad'), 'pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'x' } });
    expect(() => app.synth()).toThrow(PolicyError);
    expect(snapshot()).toEqual(before);
    expect(fs.existsSync(cli)).toBe(false);
  });

  test('warns when cdk8s-cli\'s output folder is the published one (it was emptied before the app ran)', () => {
    const project = tmpdir();
    process.chdir(project);
    process.env.CDK8S_OUTDIR = path.join(project, 'dist');
    const warnings: string[] = [];
    new ProductionApp({ onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([expect.stringContaining('cdk8s-prod: cdk8s-cli\'s output folder is the published folder "dist", and cdk8s-cli empties it before it runs the app, so a refused synth leaves it empty. Run `npx cdk8s-prod init`')]);
  });

  test.each([
    ['the project folder', (p: string) => p, /CDK8S_OUTDIR\) and the published folder "dist" \(outdir\) overlap/],
    ['a folder inside dist/', (p: string) => path.join(p, 'dist', 'copy'), /overlap; make them two separate folders/],
  ])('refuses a cdk8s-cli folder that holds or sits inside the published one (%s): the copy would replace it', (_what, cli, message) => {
    const project = tmpdir();
    process.chdir(project);
    process.env.CDK8S_OUTDIR = cli(project);
    expect(() => new ProductionApp({ onWarning: () => undefined })).toThrow(message);
  });

  test('cliOutdir: false writes no copy; an explicit folder gets one', () => {
    process.env.CDK8S_OUTDIR = path.join(tmpdir(), 'ignored');
    const outdir = path.join(tmpdir(), 'dist');
    const none = new ProductionApp({ outdir, cliOutdir: false, onWarning: () => undefined });
    compliantChart(none);
    none.synth();
    expect(fs.existsSync(process.env.CDK8S_OUTDIR)).toBe(false);
    const copy = path.join(tmpdir(), 'copy');
    const app = new ProductionApp({ outdir, cliOutdir: copy, onWarning: () => undefined });
    compliantChart(app);
    app.synth();
    expect(bytes(copy)).toEqual(cliCopyOf(bytes(outdir)));
    expect(Object.keys(bytes(copy))).toEqual(['shop.k8s.yaml']);
    expect(bytes(copy)['shop.k8s.yaml']).toBe(`---\n${bytes(outdir)['shop.k8s.yaml']}`);
  });

  test('an uncaught refusal shows its findings, not a stack of our frames or a dump of the report', () => {
    const app = new ProductionApp({ outdir: path.join(tmpdir(), 'dist'), onWarning: () => undefined });
    new ApiObject(new Chart(app, 'bad'), 'pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'x' } });
    const e = synthError(app);
    expect(e.stack).toBe(`PolicyError: ${e.message}`);
    expect(Object.keys(e)).toEqual([]);
    expect(e.report.findings.some((f) => f.rule === 'no-bare-pod')).toBe(true);
    expect(require('util').inspect(e)).not.toContain('report');
  });
});
