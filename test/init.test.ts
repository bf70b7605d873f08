import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { main } from '../src/cli/main';
import { listFiles } from '../src/synth/atomic-dir';

const TEMPLATE = path.join(__dirname, 'fixtures', 'cdk8s-init-typescript-app');

function init(cwd: string, args: string[] = []) {
  let out = '';
  let err = '';
  const code = main(['init', ...args], { out: (s) => { out += s; }, err: (s) => { err += s; }, cwd, env: {} });
  return { code, out, err };
}

/** A project as `cdk8s init typescript-app` leaves it (its own files only). */
function project(files: Record<string, string | null> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-init-'));
  fs.copyFileSync(path.join(TEMPLATE, 'cdk8s.yaml'), path.join(dir, 'cdk8s.yaml'));
  fs.copyFileSync(path.join(TEMPLATE, 'main.ts'), path.join(dir, 'main.ts'));
  fs.copyFileSync(path.join(TEMPLATE, '{{}}.gitignore'), path.join(dir, '.gitignore'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', scripts: { synth: 'cdk8s synth' }, dependencies: { 'cdk8s-prod': '^0.2.0' } }, null, 2) + '\n');
  for (const [f, text] of Object.entries(files)) {
    if (text === null) {fs.rmSync(path.join(dir, f), { force: true });} else {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), text);
    }
  }
  return dir;
}

const snapshot = (dir: string) => Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));

describe('cdk8s-prod init', () => {
  test('points cdk8s.yaml\'s output at a scratch folder, keeping the rest of the file and its comments', () => {
    const dir = project({ 'cdk8s.yaml': '# our app\nlanguage: typescript\napp: npx ts-node main.ts # runs main.ts\noutput: dist\nimports:\n  - k8s\n' });
    const r = init(dir);
    expect(r).toMatchObject({ code: 0, err: '' });
    const text = fs.readFileSync(path.join(dir, 'cdk8s.yaml'), 'utf8');
    expect(parse(text)).toEqual({ language: 'typescript', app: 'npx ts-node main.ts', output: '.cdk8s.out', imports: ['k8s'] });
    expect(text).toContain('# our app\n');
    expect(text).toContain('# runs main.ts');
    expect(text).toContain('# cdk8s-prod: a scratch copy for cdk8s-cli, which empties this folder before every synth.');
    expect(r.out).toContain('updated cdk8s.yaml: output: .cdk8s.out (was dist)');
  });

  test('adds the ignores, the check script and the workflow, and tells what is left to do', () => {
    const dir = project();
    const r = init(dir);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe(
      '*.d.ts\n*.js\n!jest.config.js\nnode_modules\ndist/\n'
      + '# cdk8s-prod: cdk8s-cli\'s scratch output, and the folders of a synth in progress\n.cdk8s.out/\ndist.staging-*/\ndist.previous-*/\n');
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.scripts).toEqual({ synth: 'cdk8s synth', check: 'cdk8s-prod check dist/' });
    const workflow = fs.readFileSync(path.join(dir, '.github/workflows/cdk8s-prod.yml'), 'utf8');
    expect(workflow).not.toContain('{{outdir}}');
    expect(parse(workflow).jobs.publish.concurrency.group).toBe('cdk8s-prod-publish-${{ github.repository }}');
    expect(r.out.split('\n').slice(-4)).toEqual([
      'next:',
      '  - in main.ts, create the app with `new ProductionApp()` (import { ProductionApp } from \'cdk8s-prod\') instead of `new App()`: init does not edit your code',
      '  - npx cdk8s synth',
      '',
    ]);
  });

  test('is idempotent: a second run changes no byte and says so', () => {
    const dir = project();
    init(dir);
    const before = snapshot(dir);
    const r = init(dir);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/^ {2}(updated|created) /m);
    expect(r.out).toMatch(/^ {2}unchanged \.gitignore: already ignores/m);
    expect(snapshot(dir)).toEqual(before);
  });

  test('--dry-run says what it would do and writes nothing', () => {
    const dir = project();
    const before = snapshot(dir);
    const r = init(dir, ['--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('(dry run: nothing written)');
    expect(r.out).toContain('would update cdk8s.yaml');
    expect(r.out).toContain('would create .github/workflows/cdk8s-prod.yml');
    expect(snapshot(dir)).toEqual(before);
  });

  test('keeps the project\'s own check script and workflow unless --force', () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'app', scripts: { check: 'eslint .' }, dependencies: { 'cdk8s-prod': '^0.2.0' } }, null, 4),
      '.github/workflows/cdk8s-prod.yml': 'name: ours\n',
    });
    const r = init(dir);
    expect(r.out).toContain('kept package.json: scripts.check is the project\'s own ("eslint .")');
    expect(r.out).toContain('kept .github/workflows/cdk8s-prod.yml: exists and differs from the current workflow; left as it is (--force replaces it)');
    expect(fs.readFileSync(path.join(dir, '.github/workflows/cdk8s-prod.yml'), 'utf8')).toBe('name: ours\n');
    expect(init(dir, ['--force']).out).toContain('updated .github/workflows/cdk8s-prod.yml');
    expect(fs.readFileSync(path.join(dir, '.github/workflows/cdk8s-prod.yml'), 'utf8')).toContain('npx cdk8s synth');
  });

  test('keeps the indentation of package.json', () => {
    const dir = project({ 'package.json': '{\n    "name": "app",\n    "dependencies": { "cdk8s-prod": "^0.2.0" }\n}\n' });
    init(dir);
    expect(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).toBe(
      '{\n    "name": "app",\n    "dependencies": {\n        "cdk8s-prod": "^0.2.0"\n    },\n    "scripts": {\n        "check": "cdk8s-prod check dist/"\n    }\n}\n');
  });

  test('a project publishing another folder keeps it as the published folder', () => {
    const dir = project({ 'cdk8s.yaml': 'language: typescript\napp: npx ts-node main.ts\noutput: manifests\n' });
    const r = init(dir);
    expect(r.code).toBe(0);
    expect(parse(fs.readFileSync(path.join(dir, 'cdk8s.yaml'), 'utf8')).output).toBe('.cdk8s.out');
    expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')).toContain('\nmanifests.staging-*/\nmanifests.previous-*/\n');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).scripts.check).toBe('cdk8s-prod check manifests/');
    expect(r.out).toContain('pass the published folder to the app: `new ProductionApp({ outdir: \'manifests\' })` (its default is dist)');
  });

  test('says when the library is not a dependency yet, and not when main.ts already uses ProductionApp', () => {
    const dir = project({
      'package.json': '{ "name": "app" }',
      'main.ts': "import { ProductionApp } from 'cdk8s-prod';\nnew ProductionApp().synth();\n",
    });
    const r = init(dir);
    expect(r.out).toContain('  - add the library to the project: `npm install cdk8s-prod`');
    expect(r.out).not.toContain('in main.ts');
  });

  const refusals: Array<[string, Record<string, string | null>, RegExp]> = [
    ['no cdk8s.yaml', { 'cdk8s.yaml': null }, /^cdk8s-prod init: not a cdk8s project: .* has no cdk8s\.yaml\. Run `cdk8s-prod init` at the root of a cdk8s project/],
    ['a cdk8s.yaml that is not YAML', { 'cdk8s.yaml': 'app: [unclosed\n' }, /^cdk8s-prod init: cannot read .*cdk8s\.yaml: .*; fix it \(or recreate the project with `cdk8s init`\), then run init again/],
    ['a cdk8s.yaml that is a list', { 'cdk8s.yaml': '- app\n' }, /cannot read .*cdk8s\.yaml: it must be a mapping with at least `app` \(the command that runs the app\); got a list/],
    ['an empty cdk8s.yaml', { 'cdk8s.yaml': '' }, /it must be a mapping with at least `app`.*; got an empty document/],
    ['two documents', { 'cdk8s.yaml': 'app: a\n---\napp: b\n' }, /cannot read .*cdk8s\.yaml: /],
    ['a Python project', { 'cdk8s.yaml': 'language: python\napp: pipenv run python main.py\n' }, /language is "python"; cdk8s-prod is a library for TypeScript and JavaScript cdk8s projects/],
    ['no app command', { 'cdk8s.yaml': 'language: typescript\n' }, /`app` \(the command that runs the app\) must be a non-empty string; got undefined/],
    ['an output that is the project itself', { 'cdk8s.yaml': 'app: npx ts-node main.ts\noutput: .\n' }, /output "\." is not a folder inside the project .*; cdk8s-cli deletes its output folder before every synth/],
    ['an output outside the project', { 'cdk8s.yaml': 'app: npx ts-node main.ts\noutput: ../elsewhere\n' }, /output "\.\.\/elsewhere" is not a folder inside the project/],
    ['no package.json', { 'package.json': null }, /has a cdk8s\.yaml but no package\.json: cdk8s-prod is an npm package/],
    ['a package.json that is not JSON', { 'package.json': '{ name: app }' }, /cannot read .*package\.json: /],
  ];

  test.each(refusals)('refuses %s, says why, and writes nothing', (_what, files, message) => {
    const dir = project(files);
    const before = snapshot(dir);
    const r = init(dir);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/\nnothing was changed\n$/);
    expect(snapshot(dir)).toEqual(before);
  });

  test('takes no arguments', () => {
    const r = init(project(), ['apps/']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('init takes no arguments (it sets up the project in the current folder); got "apps/"');
  });
});
