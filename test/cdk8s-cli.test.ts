import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listFiles } from '../src/synth/atomic-dir';
import { ROOT } from './cli-helpers';

/** A copy of the project (sharing node_modules) where cdk8s-cli can run without touching the repo. */
function projectCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-cli-'));
  for (const f of ['src', 'constructs', 'apps', 'bin', 'dist', 'lib', 'templates']) fs.cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
  for (const f of ['cdk8s.yaml', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

function cdk8sSynth(cwd: string) {
  return spawnSync(path.join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth'], {
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
    expect(bytes(path.join(dir, '.cdk8s.out'))).toEqual(committed);
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
  });
});
