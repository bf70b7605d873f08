/**
 * A user's cdk8s project, as `cdk8s init typescript-app` makes it, with cdk8s-prod installed from
 * the tarball `npm pack` makes: what the package tests run, and what `scripts/user-projects.ts`
 * keeps the lockfiles of.
 *
 * `cdk8s init` itself cannot run here (its `cdk8s import k8s` step downloads from GitHub), so the
 * project is built from the template's files, kept in test/fixtures/cdk8s-init-typescript-app/
 * exactly as cdk8s-cli ships them, with the placeholders filled in as cdk8s-cli fills them.
 * Installs are offline (`npm ci --offline`) from a committed lockfile per variant; `.ci/run`
 * first puts every locked package into npm's cache (`user-projects.ts fetch`).
 */
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.join(__dirname, '..', '..');
export const TEMPLATE_DIR = path.join(ROOT, 'test', 'fixtures', 'cdk8s-init-typescript-app');
export const PROJECTS_DIR = path.join(ROOT, 'test', 'fixtures', 'user-projects');
/** Where the tarball sits in the user's project, and how its package.json names it. */
export const TARBALL = 'cdk8s-prod.tgz';

export interface Variant {
  /** Its folder under test/fixtures/user-projects/ (package.json and package-lock.json). */
  readonly name: string;
  readonly title: string;
  /** The template's placeholders, as cdk8s-cli's `init` fills them. */
  readonly values: Readonly<Record<string, string>>;
  /** The cdk8s-plus package the project uses. */
  readonly plus: string;
  /** Replaces the template's dependencies (exact versions, so the oldest really is installed). */
  readonly dependencies?: Readonly<Record<string, string>>;
}

export const VARIANTS: readonly Variant[] = [
  {
    name: 'template',
    title: 'the init template as it is today: the newest cdk8s 2.x, constructs and cdk8s-plus-33',
    // What cdk8s-cli 2.207 writes: the versions of its own cdk8s, cdk8s-plus-33 and constructs.
    values: { cdk8s_core_version: '2.70.106', cdk8s_plus_version: '2.5.57', constructs_version: '10.8.1', cdk8s_cli_spec: '^2.207.60' },
    plus: 'cdk8s-plus-33',
  },
  {
    name: 'floor',
    title: 'the oldest releases the peer ranges admit: cdk8s 2.68.14, constructs 10.3.0, with cdk8s-plus-28 and that time\'s cdk8s-cli',
    // cdk8s-cli 2.196.0 is the first release on cdk8s 2.68 (newer ones would nest a cdk8s 2.70 of their own).
    values: { cdk8s_core_version: '2.68.14', cdk8s_plus_version: '2.5.6', constructs_version: '10.3.0', cdk8s_cli_spec: '2.196.0' },
    plus: 'cdk8s-plus-28',
    dependencies: { 'cdk8s': '2.68.14', 'cdk8s-plus-28': '2.5.6', 'constructs': '10.3.0' },
  },
];

/** sscaff's substitutions: `{{ key }}` in contents, `{{}}` (nothing) in file names. */
function substitute(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{ *([$\w]+) *\}\}/g, (m, key: string) => (key in values ? values[key] : m));
}

/** The package.json of a variant's project: the template's, with the tarball as a dependency. */
export function projectPackageJson(variant: Variant, projectName: string): Record<string, any> {
  const text = substitute(fs.readFileSync(path.join(TEMPLATE_DIR, 'package.json'), 'utf8'), { ...variant.values, $base: projectName });
  const pkg = JSON.parse(text);
  if (variant.dependencies) pkg.dependencies = { ...variant.dependencies };
  pkg.dependencies = sortKeys({ ...pkg.dependencies, 'cdk8s-prod': `file:${TARBALL}` });
  return pkg;
}

const sortKeys = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/** The project name of every variant's project (the lockfile records it). */
export const PROJECT_NAME = 'team-app';

/**
 * Writes a variant's project into `dir`: the template's files (not its sscaff hook), the
 * committed package.json and lockfile, and the tarball.
 */
export function createProject(variant: Variant, dir: string, tarball: string): void {
  const values = { ...variant.values, $base: PROJECT_NAME };
  for (const entry of fs.readdirSync(TEMPLATE_DIR, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name === '.hooks.sscaff.js' || entry.name === 'package.json') continue;
    const rel = path.relative(TEMPLATE_DIR, path.join(entry.parentPath, entry.name));
    const target = path.join(dir, rel.split('{{}}').join(''));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, substitute(fs.readFileSync(path.join(TEMPLATE_DIR, rel), 'utf8'), values));
  }
  for (const f of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(PROJECTS_DIR, variant.name, f), path.join(dir, f));
  fs.copyFileSync(tarball, path.join(dir, TARBALL));
}

export function run(cmd: string, args: string[], options: SpawnSyncOptions & { cwd: string }) {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...options,
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...options.env },
  });
  return { status: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), error: r.error };
}

/** The files a published cdk8s-prod is built from (what `npm pack` of a clean clone sees). */
const PACKAGE_SOURCES = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'src', 'constructs', 'bin', 'templates'];

/**
 * Packs cdk8s-prod as `npm pack` in a clean clone would: in a copy of the sources, so that
 * `prepare` builds lib/ from scratch there and the repository's own lib/ is never touched
 * (other tests run its bin meanwhile). Returns the tarball's path.
 */
export function packPackage(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-pack-'));
  const copy = path.join(dir, 'cdk8s-prod');
  fs.mkdirSync(copy);
  for (const f of PACKAGE_SOURCES) fs.cpSync(path.join(ROOT, f), path.join(copy, f), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  const r = run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: copy });
  if (r.status !== 0) throw new Error(`npm pack failed (${r.status}):\n${r.stderr}`);
  const [{ filename }] = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')));
  return path.join(dir, filename);
}

/** `name@version` of every package a lockfile installs from the registry. */
export function lockedPackages(lockfile: string): string[] {
  const lock = JSON.parse(fs.readFileSync(lockfile, 'utf8'));
  const specs = new Set<string>();
  for (const [where, entry] of Object.entries<any>(lock.packages)) {
    if (where === '' || entry.link || !entry.version || String(entry.resolved ?? '').startsWith('file:')) continue;
    const name = entry.name ?? where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
    specs.add(`${name}@${entry.version}`);
  }
  return [...specs].sort();
}
