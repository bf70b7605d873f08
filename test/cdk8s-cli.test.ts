import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { listFiles } from '../src/synth/atomic-dir';
import { ROOT } from './cli-helpers';
import { cliCopyOf } from './helpers';

/** A copy of the project (sharing node_modules) where cdk8s-cli can run without touching the repo. */
function projectCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-cli-'));
  for (const f of ['src', 'constructs', 'apps', 'bin', 'dist', 'lib', 'templates']) fs.cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
  for (const f of ['cdk8s.yaml', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

function cdk8sSynth(cwd: string, args: string[] = []) {
  return spawnSync(path.join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
  });
}

const bytes = (dir: string) => Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));

describe('`npx cdk8s synth` through cdk8s-cli', () => {
  const dir = projectCopy();
  const committed = bytes(path.join(dir, 'dist'));

  test('builds dist/ like `npm run synth`, and gives the CLI its copy', () => {
    fs.rmSync(path.join(dir, 'dist'), { recursive: true });
    const r = cdk8sSynth(dir);
    expect(r.status).toBe(0);
    expect(bytes(path.join(dir, 'dist'))).toEqual(committed);
    expect(bytes(path.join(dir, '.cdk8s.out'))).toEqual(cliCopyOf(committed));
  });

  test('a failing app fails the command and leaves dist/ as it was', () => {
    fs.mkdirSync(path.join(dir, 'apps', 'broken'));
    fs.writeFileSync(path.join(dir, 'apps', 'broken', 'app.ts'), [
      "import { ApiObject, Chart } from 'cdk8s';",
      "export function build(app: any) { new ApiObject(new Chart(app, 'b'), 'p', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'b' } }); }",
    ].join('\n'));
    const r = cdk8sSynth(dir);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('app "broken": cdk8s-prod refused to synthesize');
    expect(r.stderr).toContain('b/p: no-bare-pod at kind of Pod/p');
    expect(bytes(path.join(dir, 'dist'))).toEqual(committed);
    fs.rmSync(path.join(dir, 'apps', 'broken'), { recursive: true });
  });

  test('--stdout prints every object of dist/, each its own document, and no kustomization', () => {
    const r = cdk8sSynth(dir, ['--stdout']);
    expect(r.status).toBe(0);
    const printed = YAML.parseAllDocuments(r.stdout);
    expect(printed.flatMap((d) => d.errors)).toEqual([]);
    const objects = printed.map((d) => d.toJS()).filter((o) => o !== null);
    const written = Object.entries(committed).filter(([f]) => !f.endsWith('kustomization.yaml'))
      .flatMap(([, text]) => YAML.parseAllDocuments(text).map((d) => d.toJS()).filter((o) => o !== null));
    expect(objects.map(identity).sort()).toEqual(written.map(identity).sort());
    expect(objects.filter((o) => o.kind === 'Kustomization')).toEqual([]);
    expect(bytes(path.join(dir, 'dist'))).toEqual(committed);
  });

  test('--format helm puts only manifests in templates/', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-helm-'));
    const r = cdk8sSynth(dir, ['--format', 'helm', '--chart-version', '1.0.0', '--output', out]);
    expect(r.stderr).not.toContain('Error');
    expect(r.status).toBe(0);
    const templates = listFiles(path.join(out, 'templates'));
    expect(templates.length).toBeGreaterThan(0);
    expect(templates.filter((f) => path.basename(f) === 'kustomization.yaml')).toEqual([]);
    expect(templates.every((f) => f.endsWith('.k8s.yaml'))).toBe(true);
    expect(bytes(path.join(dir, 'dist'))).toEqual(committed);
  });
});

/** kind/namespace/name of a manifest. */
function identity(o: any): string {
  return `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
}
