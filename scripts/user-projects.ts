/**
 * The user projects the package tests install cdk8s-prod into (test/package/user-project.ts).
 *
 *   npm run user-projects -- lock    re-resolve each variant's package.json and package-lock.json
 *                                    (online; after a change of cdk8s-prod's dependencies or of
 *                                    the init template), then commit test/fixtures/user-projects/
 *   npm run user-projects -- fetch   put every locked package into npm's cache, so the tests can
 *                                    install offline (`.ci/run` does this on a fresh machine)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PROJECTS_DIR, PROJECT_NAME, TARBALL, VARIANTS, lockedPackages, packPackage, projectPackageJson, run } from '../test/package/user-project';

function lock(): void {
  const tarball = packPackage();
  for (const variant of VARIANTS) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cdk8s-prod-lock-${variant.name}-`));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(projectPackageJson(variant, PROJECT_NAME), null, 2) + '\n');
    fs.copyFileSync(tarball, path.join(dir, TARBALL));
    const r = run('npm', ['install', '--package-lock-only', '--ignore-scripts'], { cwd: dir });
    if (r.status !== 0) throw new Error(`${variant.name}: npm install --package-lock-only failed:\n${r.stderr}`);
    const lockfile = JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8'));
    // The tarball's hash changes with every build of the package; npm ci accepts a file: entry without one.
    delete lockfile.packages['node_modules/cdk8s-prod'].integrity;
    const out = path.join(PROJECTS_DIR, variant.name);
    fs.mkdirSync(out, { recursive: true });
    fs.copyFileSync(path.join(dir, 'package.json'), path.join(out, 'package.json'));
    fs.writeFileSync(path.join(out, 'package-lock.json'), JSON.stringify(lockfile, null, 2) + '\n');
    process.stdout.write(`${variant.name}: ${lockedPackages(path.join(out, 'package-lock.json')).length} packages locked in ${path.relative(process.cwd(), out)}\n`);
  }
}

function fetch(): void {
  const specs = [...new Set(VARIANTS.flatMap((v) => lockedPackages(path.join(PROJECTS_DIR, v.name, 'package-lock.json'))))].sort();
  // `npm cache add` stores each package's metadata and tarball, which `npm ci --offline` needs
  // (this npm writes no download addresses into lockfiles, so it looks the metadata up).
  for (let i = 0; i < specs.length; i += 100) {
    const r = run('npm', ['cache', 'add', ...specs.slice(i, i + 100)], { cwd: os.tmpdir() });
    if (r.status !== 0) throw new Error(`npm cache add failed:\n${r.stderr}`);
  }
  process.stdout.write(`${specs.length} packages of ${VARIANTS.length} user projects are in npm's cache\n`);
}

const command = process.argv[2];
if (command === 'lock') {lock();} else if (command === 'fetch') {fetch();} else {
  process.stderr.write('usage: user-projects.ts lock|fetch\n');
  process.exitCode = 2;
}
