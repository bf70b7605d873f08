import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { ALL_RULES } from '../src/catalogue';
import { ROOT } from './cli-helpers';

const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');

/** Relative links of a Markdown file: [text](target). */
function links(file: string): Array<{ text: string; target: string }> {
  return [...read(file).matchAll(/\[([^\]]*)\]\(([^)\s]+)\)/g)]
    .map((m) => ({ text: m[1], target: m[2] }))
    .filter((l) => !/^(https?:|mailto:|#)/.test(l.target));
}

const DOCS = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('documentation', () => {
  test.each(DOCS)('every relative link in %s points at a file that exists', (file) => {
    const missing = links(file)
      .map((l) => path.join(path.dirname(file), l.target.split('#')[0]))
      .filter((target) => !fs.existsSync(path.join(ROOT, target)));
    expect(missing).toEqual([]);
  });

  test('docs/patterns.md: each of the 13 patterns links a construct, a rule of the catalogue and a test', () => {
    const rows = read('docs/patterns.md').split('\n').filter((l) => /^\| \d+ \|/.test(l));
    expect(rows.map((r) => Number(r.split('|')[1]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    const ruleIds = new Set(ALL_RULES.map((r) => r.id));
    for (const row of rows) {
      const cells = row.split(' | ');
      const [construct, rule, test] = cells.slice(cells.length - 3);
      const targets = (cell: string) => [...cell.matchAll(/\]\(\.\.\/([^)]+)\)/g)].map((m) => m[1]);
      expect(targets(construct).some((t) => t.startsWith('constructs/') || t.startsWith('src/container-image'))).toBe(true);
      const rules = [...rule.matchAll(/\[([a-z0-9-]+)\]\(\.\.\/src\/(?:rules|dockerfile\/rules)\/([a-z0-9-]+)\.ts\)/g)];
      expect(rules.length).toBeGreaterThan(0);
      for (const [, id, file] of rules) {
        expect(ruleIds.has(id)).toBe(true);
        expect(file).toBe(id);
      }
      expect(targets(test).some((t) => t.startsWith('test/'))).toBe(true);
    }
  });

  test('the README\'s Quick start is the two commands', () => {
    expect(read('README.md')).toContain('```sh\nnpm ci && npm run synth\nnpm test\n```');
  });
});

describe('GitOps examples and the CI workflow for users', () => {
  test('the Argo CD Application and the Flux Kustomization point at an app folder', () => {
    const argo = parse(read('docs/gitops/argocd-application.yaml'));
    expect(argo).toMatchObject({ kind: 'Application', spec: { source: { path: 'apps/shop' }, syncPolicy: { automated: { prune: true } } } });
    const flux = parseAllDocuments(read('docs/gitops/flux-kustomization.yaml')).map((d) => d.toJS());
    expect(flux.map((d) => d.kind)).toEqual(['GitRepository', 'Kustomization']);
    expect(flux[1].spec).toMatchObject({ path: './apps/shop', prune: true });
    expect(fs.existsSync(path.join(ROOT, 'dist', 'shop', 'kustomization.yaml'))).toBe(true);
  });

  test('the workflow synthesizes, refuses drift, uploads SARIF, summarizes, tests and publishes', () => {
    const wf = parse(read('.github/workflows/cdk8s-prod.yml'));
    const steps: Array<{ run?: string; uses?: string }> = wf.jobs['synth-and-check'].steps;
    const runs = steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('npm run synth');
    expect(runs).toContain('git status --porcelain --untracked-files=all -- dist');
    expect(runs).toContain('npx cdk8s-prod check dist/ apps/ --format sarif > cdk8s-prod.sarif');
    expect(runs).toContain('--format markdown >> "$GITHUB_STEP_SUMMARY"');
    expect(runs).toContain('npm test');
    expect(steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))).toBe(true);
    expect(wf.jobs.publish.needs).toBe('synth-and-check');
    expect(wf.jobs.publish.steps.map((s: { run?: string }) => s.run ?? '').join('\n')).toContain('rsync -a --delete "$app" "gitops/apps/$name/"');
    expect(wf.jobs.publish.concurrency).toEqual({ 'group': 'cdk8s-prod-publish', 'cancel-in-progress': false });
    expect(runs).toContain('npx cdk8s-prod diff "origin/${BASE_REF}:dist" dist --format markdown >> "$GITHUB_STEP_SUMMARY"');
  });
});

describe('the README\'s TypeScript examples', () => {
  const blocks = [...read('README.md').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  // Whole modules: an app of apps/ (exports build) or a user's main.ts (synthesizes an app).
  const complete = blocks.filter((b) => /^export function build\(app: ProductionApp\)/m.test(b) || /^app\.synth\(\);$/m.test(b));
  const dir = path.join(ROOT, 'test', '.readme');
  beforeAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    complete.forEach((b, i) => fs.writeFileSync(path.join(dir, `example${i}.ts`), b));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('import the library by name, as users do', () => {
    expect(blocks.length).toBeGreaterThan(5);
    expect(blocks.filter((b) => /from '\.\.?\//.test(b))).toEqual([]);
    expect(blocks.filter((b) => /\b(ProductionApp|ProductionDeployment|QuotaNamespace|Suppressions)\b/.test(b) && /^import /m.test(b) && !b.includes("from 'cdk8s-prod'"))).toEqual([]);
  });

  test('the complete ones compile as they are, under the project\'s strict settings', () => {
    expect(complete.length).toBeGreaterThanOrEqual(3);
    const ts = require('typescript') as typeof import('typescript');
    const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
    const files = complete.map((_, i) => path.join(dir, `example${i}.ts`));
    const program = ts.createProgram(files, { ...config.options, noEmit: true });
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.includes(path.resolve(d.file.fileName)));
    expect(diagnostics.map((d) => `${path.basename(d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)).toEqual([]);
  }, 60000);

  test('and synthesize with no error finding', () => {
    const { ProductionApp } = require('../src') as typeof import('../src');
    complete.forEach((_, i) => {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-readme-'));
      const file = path.join(dir, `example${i}.ts`);
      const text = fs.readFileSync(file, 'utf8');
      if (/^app\.synth\(\);$/m.test(text)) {
        // A main.ts publishes ./dist by default: point it at a scratch folder.
        fs.writeFileSync(file, text.replace('new ProductionApp()', `new ProductionApp({ outdir: ${JSON.stringify(path.join(out, 'dist'))}, onWarning: () => undefined })`));
        require(file);
      } else {
        const app = new ProductionApp({ outdir: path.join(out, 'dist'), onWarning: () => undefined });
        require(file).build(app);
        app.synth();
      }
      expect(fs.readdirSync(path.join(out, 'dist')).sort()).toContain('kustomization.yaml');
    });
  });
});
