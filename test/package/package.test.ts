import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listFiles } from '../../src/synth/atomic-dir';
import { PROJECTS_DIR, PROJECT_NAME, ROOT, TEMPLATE_DIR, VARIANTS, projectPackageJson, run } from './user-project';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** What a published package may hold: the compiled code, its command, the workflow template, the docs every package has. */
const SHIPPED = /^(lib\/(src|constructs)\/[\w./-]+\.(js|d\.ts)|bin\/cdk8s-prod\.js|templates\/[\w-]+\.yml|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/;

describe('the package as npm publishes it', () => {
  test('`npm pack --dry-run` lists only the compiled package: no test, app, dist, source or stray file', () => {
    // --ignore-scripts: lib/ was built by `npm test` (prepare would rebuild it under the running tests).
    const r = run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT });
    expect(r.status).toBe(0);
    const files: string[] = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')))[0].files.map((f: { path: string }) => f.path);
    expect(files.filter((f) => !SHIPPED.test(f))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'CHANGELOG.md', 'README.md', 'bin/cdk8s-prod.js', 'templates/github-workflow.yml', 'lib/src/index.js', 'lib/src/index.d.ts', 'lib/src/cli/main.js']));
    // Every compiled module ships with its declarations.
    for (const js of files.filter((f) => f.endsWith('.js') && f.startsWith('lib/'))) expect(files).toContain(js.replace(/\.js$/, '.d.ts'));
  });

  test('package.json is a library\'s: entry points, peers, an allow-list, a prepare step', () => {
    expect(pkg.private).toBeUndefined();
    expect(pkg.license).toBe('Apache-2.0');
    expect(pkg.repository.url).toMatch(/^git\+https:\/\/github\.com\//);
    expect(pkg.main).toBe('lib/src/index.js');
    expect(pkg.types).toBe('lib/src/index.d.ts');
    expect(pkg.exports).toEqual({ '.': { types: './lib/src/index.d.ts', default: './lib/src/index.js' }, './package.json': './package.json' });
    for (const f of [pkg.main, pkg.types, pkg.bin['cdk8s-prod']]) expect(fs.existsSync(path.join(ROOT, f))).toBe(true);
    // One copy of cdk8s and constructs in the user's tree: theirs.
    expect(Object.keys(pkg.peerDependencies)).toEqual(expect.arrayContaining(['cdk8s', 'constructs']));
    expect(Object.keys(pkg.dependencies)).not.toEqual(expect.arrayContaining(['cdk8s']));
    expect(Object.keys(pkg.dependencies)).not.toContain('constructs');
    expect(pkg.peerDependenciesMeta['ts-node']).toEqual({ optional: true });
    expect(pkg.scripts.prepare).toContain('tsc -p tsconfig.build.json');
    expect(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toContain('Apache License\n                           Version 2.0, January 2004');
    expect(fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8')).toContain(`## ${pkg.version}\n`);
  });

  test('the command is plain JavaScript that runs the compiled package', () => {
    const bin = fs.readFileSync(path.join(ROOT, pkg.bin['cdk8s-prod']), 'utf8');
    expect(bin.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(bin).toContain("require('../lib/src/cli/main.js')");
    expect(bin).not.toMatch(/require\(['"](ts-node|typescript)/);
  });

  test('a clone without lib/ says how to build it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-nolib-'));
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.copyFileSync(path.join(ROOT, 'bin', 'cdk8s-prod.js'), path.join(dir, 'bin', 'cdk8s-prod.js'));
    const r = run(process.execPath, [path.join(dir, 'bin', 'cdk8s-prod.js'), '--version'], { cwd: dir });
    expect(r).toMatchObject({ status: 2, stdout: '', stderr: 'cdk8s-prod: the compiled package (lib/) is missing; in a clone of cdk8s-prod, run `npm run build`\n' });
  });
});

describe('the user projects the package tests install into', () => {
  test('the fixture is the cdk8s init template that cdk8s-cli ships, file for file', () => {
    const shipped = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app');
    const read = (dir: string) => Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
    expect(read(TEMPLATE_DIR)).toEqual(read(shipped));
  });

  test('the template variant has the versions cdk8s-cli\'s init writes today', () => {
    const version = (name: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8'));
    const template = VARIANTS.find((v) => v.name === 'template')!;
    expect(template.values).toEqual({
      cdk8s_core_version: version('cdk8s').version,
      cdk8s_plus_version: version('cdk8s-plus-33').version,
      constructs_version: version('cdk8s-cli').dependencies.constructs.replace('^', ''),
      cdk8s_cli_spec: `^${version('cdk8s-cli').version}`,
    });
  });

  test.each(VARIANTS.map((v) => [v.name, v] as const))('%s: the committed package.json and lockfile are current (else: npm run user-projects -- lock)', (_name, variant) => {
    const committed = JSON.parse(fs.readFileSync(path.join(PROJECTS_DIR, variant.name, 'package.json'), 'utf8'));
    expect(committed).toEqual(projectPackageJson(variant, PROJECT_NAME));
    const lock = JSON.parse(fs.readFileSync(path.join(PROJECTS_DIR, variant.name, 'package-lock.json'), 'utf8'));
    const locked = lock.packages['node_modules/cdk8s-prod'];
    expect(locked).toMatchObject({ version: pkg.version, dependencies: pkg.dependencies, peerDependencies: pkg.peerDependencies });
    expect(locked.integrity).toBeUndefined();
    expect(lock.packages['node_modules/cdk8s'].version).toBe(variant.values.cdk8s_core_version);
    expect(lock.packages['node_modules/constructs'].version).toBe(variant.values.constructs_version);
    expect(lock.packages[`node_modules/${variant.plus}`].version).toBe(variant.values.cdk8s_plus_version);
  });
});
