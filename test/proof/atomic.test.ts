import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration } from 'cdk8s';
import { AppDefinition, BoundedJob, Probe, ProductionApp, ProductionDeployment, PropError, synthesizeApps } from '../../src';
import { listFiles } from '../../src/synth/atomic-dir';
import { ROOT } from '../cli-helpers';

/*
 * No partial writes (issue 10): a synth that fails, at any point and for any reason, leaves the
 * output folder byte-identical; a synth killed with SIGKILL mid-way leaves either the old tree
 * or the new one, and the next synth recovers. test/synth.test.ts covers a rule failure, an
 * exception and a validation error in the second app, in-process; this file adds the other
 * failure points, the `cdk8s-prod synth` command in a child process, and SIGKILL.
 */

const BIN = path.join(ROOT, 'bin', 'cdk8s-prod.js');
const quiet = { onWarning: () => undefined };

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-atomic-'));
}

function bytes(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

function job(name: string, version = '1.0.0'): AppDefinition {
  return {
    name,
    build: (app: ProductionApp) => {
      const chart = new Chart(app, name, { namespace: name, disableResourceNameHashes: true });
      new BoundedJob(chart, 'job', { image: `registry.example.com/${name}/job:${version}`, resources: 'nano', activeDeadline: Duration.minutes(5) });
    },
  };
}

/** A synthesized dist/ with two apps, and its bytes. */
function existingDist(): { root: string; out: string; before: Record<string, string> } {
  const root = tmp();
  const out = path.join(root, 'dist');
  synthesizeApps([job('one'), job('two')], { outdir: out, appProps: quiet });
  return { root, out, before: bytes(out) };
}

describe('a failed synth leaves dist/ byte-identical (in-process)', () => {
  const failures: Array<[string, AppDefinition[], string]> = [
    ['a PropError in a construct of the second app', [job('one'), {
      name: 'two',
      build: (app) => {
        const chart = new Chart(app, 'two', { namespace: 'two' });
        new ProductionDeployment(chart, 'web', { image: 'nginx:latest', liveness: Probe.exec(['/app/check', '--live']), readiness: Probe.exec(['/app/check', '--ready']), resources: 'small' });
      },
    }], 'app "two": two/web: invalid image: got "nginx:latest"'],
    ['a failure in the first of three apps', [{ name: 'a-first', build: () => { throw new Error('boom first'); } }, job('one'), job('two')], 'app "a-first": boom first'],
    ['a Dockerfile whose audit fails', [job('one'), {
      name: 'two',
      build: (app) => {
        const chart = new Chart(app, 'two', { namespace: 'two' });
        new BoundedJob(chart, 'job', {
          image: 'registry.example.com/two/job:1.0.0', resources: 'nano', activeDeadline: Duration.minutes(5),
          dockerfile: path.join(ROOT, 'test', 'dockerfiles', 'node-latest.dockerfile'),
        });
      },
    }], 'app "two": cdk8s-prod refused to synthesize'],
    ['two apps with the same output folder name', [job('one'), job('one')], 'two apps are named "one"'],
  ];

  test.each(failures)('%s', (_, apps, message) => {
    const { root, out, before } = existingDist();
    expect(() => synthesizeApps(apps, { outdir: out, appProps: quiet })).toThrow(message);
    expect(bytes(out)).toEqual(before);
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  test('the PropError reaches the caller as a PropError, with the app prefixed', () => {
    const { out } = existingDist();
    let error: unknown;
    try {
      synthesizeApps([{ name: 'x', build: (app) => { new ProductionDeployment(new Chart(app, 'c', { namespace: 'x' }), 'web', { image: 'nginx', resources: 'small' } as never); } }], { outdir: out });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropError);
    expect((error as PropError).message).toMatch(/^app "x": c\/web: invalid image: got "nginx"/);
  });

  test('a failure when dist/ does not exist yet creates nothing', () => {
    const root = tmp();
    const out = path.join(root, 'dist');
    expect(() => synthesizeApps([job('one'), { name: 'two', build: () => { throw new Error('boom'); } }], { outdir: out })).toThrow('app "two": boom');
    expect(fs.readdirSync(root)).toEqual([]);
  });

  test('a failure after a crash that left dist.previous-* beside a complete dist/: the leftover goes, dist/ stays', () => {
    const { root, out, before } = existingDist();
    fs.mkdirSync(path.join(root, 'dist.previous-999-deadbeef'));
    fs.writeFileSync(path.join(root, 'dist.previous-999-deadbeef', 'old.yaml'), 'old');
    expect(() => synthesizeApps([{ name: 'x', build: () => { throw new Error('boom'); } }], { outdir: out })).toThrow('boom');
    expect(bytes(out)).toEqual(before);
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  test.each([['a string', 'boom'], ['null', null], ['undefined', undefined], ['a number', 42], ['a frozen Error', Object.freeze(new Error('frozen'))]])(
    'a build() that throws %s: dist/ stays byte-identical', (_, thrown) => {
      const { root, out, before } = existingDist();
      expect(() => synthesizeApps([job('one'), { name: 'two', build: () => { throw thrown; } }], { outdir: out })).toThrow();
      expect(bytes(out)).toEqual(before);
      expect(fs.readdirSync(root)).toEqual(['dist']);
    });

  /*
   * Known bug: synthesizeApps prefixes the app name by assigning err.message, which throws a
   * TypeError for anything that is not an extensible object ("Cannot create property 'message'
   * on string 'boom'"): the original error and the app name are lost.
   */
  test.each([['a string', 'boom'], ['null', null], ['undefined', undefined], ['a number', 42], ['a frozen Error', Object.freeze(new Error('frozen'))]])(
    'a build() that throws %s is reported with the app name, not as a TypeError', (_, thrown) => {
      const { out } = existingDist();
      let error: unknown;
      try {
        synthesizeApps([job('one'), { name: 'two', build: () => { throw thrown; } }], { outdir: out });
      } catch (e) {
        error = e;
      }
      expect(error).not.toBeInstanceOf(TypeError);
      expect(String((error as Error)?.message ?? error)).toContain('app "two"');
    });

  /*
   * Known bug: a build() that returns a promise (an async build) is not awaited: the synth writes
   * the app's folder before the charts exist, replacing the previous output with an incomplete
   * one, and the objects made later are never checked.
   */
  test('an async build() is refused and dist/ stays byte-identical', () => {
    const { out, before } = existingDist();
    const asyncBuild = (async (app: ProductionApp) => {
      await Promise.resolve();
      job('one').build(app);
    }) as unknown as (app: ProductionApp) => void;
    expect(() => synthesizeApps([{ name: 'one', build: asyncBuild }, job('two')], { outdir: out, appProps: quiet })).toThrow();
    expect(bytes(out)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// The `cdk8s-prod synth` command in a child process

/** Writes apps/<name>/app.js files that use this repository's compiled package (lib/, what the bin runs) by absolute path. */
function writeApps(root: string, apps: Record<string, string>): string {
  const dir = path.join(root, 'apps');
  for (const [name, body] of Object.entries(apps)) {
    fs.mkdirSync(path.join(dir, name), { recursive: true });
    fs.writeFileSync(path.join(dir, name, 'app.js'), [
      `const { Chart, Duration } = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'cdk8s'))});`,
      `const lib = require(${JSON.stringify(path.join(ROOT, 'lib', 'src'))});`,
      'exports.build = (app) => {',
      body,
      '};',
      '',
    ].join('\n'));
  }
  return dir;
}

/** A compliant app whose image tag comes from the VERSION variable, so that two runs can differ. */
const jobApp = (name: string, jobs = 3) => [
  `  const chart = new Chart(app, '${name}', { namespace: '${name}', disableResourceNameHashes: true });`,
  `  for (let i = 0; i < ${jobs}; i++) new lib.BoundedJob(chart, 'job' + i, { image: 'registry.example.com/${name}/job:' + (process.env.VERSION || '1.0.0'), resources: 'nano', activeDeadline: Duration.minutes(5) });`,
].join('\n');

/** An app that writes a marker file, then blocks in build() until it is killed (or a minute passes). */
const blockingApp = [
  '  if (process.env.BLOCK_MARKER) {',
  '    require("fs").writeFileSync(process.env.BLOCK_MARKER, "building");',
  '    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);',
  '  }',
  jobApp('zz-blocks'),
].join('\n');

function synthCli(root: string, env: NodeJS.ProcessEnv = {}): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, 'synth', '--apps', 'apps', '--out', 'dist'], {
    cwd: root, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...env }, timeout: 60000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function startSynth(root: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [BIN, 'synth', '--apps', 'apps', '--out', 'dist'], {
    cwd: root, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...env }, stdio: 'ignore',
  });
  children.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

async function until(predicate: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('cdk8s-prod synth in a child process', () => {
  test('a rule failure in the second app: exit 1, the finding on stderr, dist/ byte-identical', () => {
    const root = tmp();
    writeApps(root, { one: jobApp('one') });
    expect(synthCli(root).code).toBe(0);
    const before = bytes(path.join(root, 'dist'));
    writeApps(root, {
      two: [
        "  const chart = new Chart(app, 'two');",
        '  new (require(' + JSON.stringify(path.join(ROOT, 'node_modules', 'cdk8s')) + ").ApiObject)(chart, 'pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: 'two' } });",
      ].join('\n'),
    });
    const r = synthCli(root);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^cdk8s-prod synth: app "two": cdk8s-prod refused to synthesize: \d+ error findings?\n/);
    expect(r.err).toContain('[error] two/pod: no-bare-pod at kind of Pod/bare (namespace two)');
    expect(bytes(path.join(root, 'dist'))).toEqual(before);
    expect(fs.readdirSync(root).sort()).toEqual(['apps', 'dist']);
  }, 60000);

  /** The folder of the killed synth below, for the known bug after it. */
  let killed: string | undefined;

  test('SIGKILL while the second app builds: dist/ byte-identical; the next synth publishes the new output', async () => {
    const root = tmp();
    writeApps(root, { 'one': jobApp('one'), 'zz-blocks': blockingApp });
    expect(synthCli(root).code).toBe(0);
    const before = bytes(path.join(root, 'dist'));
    const marker = path.join(root, 'building');
    const child = startSynth(root, { VERSION: '2.0.0', BLOCK_MARKER: marker });
    await until(() => fs.existsSync(marker), 30000);
    // The first app is already written to the staging folder; the second blocks in build().
    const staging = fs.readdirSync(root).find((f) => f.startsWith('dist.staging-'));
    expect(staging).toBeDefined();
    expect(listFiles(path.join(root, staging!))).toContain(path.join('one', 'one.k8s.yaml'));
    child.kill('SIGKILL');
    await exited(child);
    expect(child.signalCode).toBe('SIGKILL');
    expect(bytes(path.join(root, 'dist'))).toEqual(before);

    fs.rmSync(marker);
    const r = synthCli(root, { VERSION: '2.0.0' });
    expect(r.code).toBe(0);
    const after = bytes(path.join(root, 'dist'));
    expect(after['one/one.k8s.yaml']).toContain('registry.example.com/one/job:2.0.0');
    expect(Object.keys(after)).toEqual(Object.keys(before));
    killed = root;
  }, 90000);

  /*
   * Known bug: the staging folder of a killed synth (dist.staging-<pid>-<hex>, a full or partial
   * copy of the output) is never removed: later synths only clean up dist.previous-*. Each kill
   * leaves one more beside dist/; this repository's .gitignore hides them from git, but
   * `cdk8s-prod check .` reads them (a stale copy of the manifests) and a user's repository may
   * not ignore them.
   */
  test('the synth after a SIGKILL removes the killed run\'s staging folder', () => {
    expect(killed).toBeDefined();
    expect(fs.readdirSync(killed!).sort()).toEqual(['apps', 'dist']);
  });

  test('a crash between the two renames (dist/ gone, dist.previous-* left): the next synth restores and replaces it', () => {
    const root = tmp();
    writeApps(root, { one: jobApp('one') });
    expect(synthCli(root).code).toBe(0);
    const before = bytes(path.join(root, 'dist'));
    // The state a kill between `rename(dist, previous)` and `rename(staging, dist)` leaves.
    fs.renameSync(path.join(root, 'dist'), path.join(root, 'dist.previous-12345-0badf00d'));
    // A failing synth restores the old tree and leaves it.
    writeApps(root, { two: '  throw new Error("boom in two");' });
    const failed = synthCli(root);
    expect(failed.code).toBe(1);
    expect(failed.err).toBe('cdk8s-prod synth: app "two": boom in two\n');
    expect(bytes(path.join(root, 'dist'))).toEqual(before);
    expect(fs.readdirSync(root).sort()).toEqual(['apps', 'dist']);
    // Once more, with a synth that succeeds: the new output replaces the restored one.
    fs.rmSync(path.join(root, 'apps', 'two'), { recursive: true });
    fs.renameSync(path.join(root, 'dist'), path.join(root, 'dist.previous-12345-0badf00d'));
    expect(synthCli(root, { VERSION: '3.0.0' }).code).toBe(0);
    expect(bytes(path.join(root, 'dist'))['one/one.k8s.yaml']).toContain('job:3.0.0');
    expect(fs.readdirSync(root).sort()).toEqual(['apps', 'dist']);
  }, 60000);

  test('SIGKILL at random moments of a synth that changes the output: dist/ is always the old tree or the new one, and the next synth recovers', async () => {
    const root = tmp();
    const apps: Record<string, string> = {};
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) apps[name] = jobApp(name, 6);
    writeApps(root, apps);
    expect(synthCli(root).code).toBe(0);
    const old = JSON.stringify(bytes(path.join(root, 'dist')));
    // The new output, made elsewhere, for comparison.
    const reference = tmp();
    writeApps(reference, apps);
    const started = Date.now();
    expect(synthCli(reference, { VERSION: '2.0.0' }).code).toBe(0);
    const took = Date.now() - started;
    const fresh = JSON.stringify(bytes(path.join(reference, 'dist')));
    expect(fresh).not.toBe(old);

    // Kill points spread over the run, from start-up to the swap; each run goes the other way
    // (old to new, new to old), so every kill interrupts a synth that changes the output.
    const delays = [0.4, 0.75, 0.9, 0.97].map((f) => Math.round(f * took));
    const seen = new Set<string>();
    const dist = path.join(root, 'dist');
    let from = old;
    for (const delay of delays) {
      const to = from === old ? fresh : old;
      const child = startSynth(root, { VERSION: to === fresh ? '2.0.0' : '1.0.0' });
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited(child);
      const previous = fs.readdirSync(root).filter((f) => f.startsWith('dist.previous-'));
      if (fs.existsSync(dist)) {
        const now = JSON.stringify(bytes(dist));
        expect([from, to]).toContain(now);
        seen.add(now === from ? 'before the swap' : 'after the swap');
      } else {
        // Killed between the two renames: the previous tree waits beside it, whole.
        expect(previous).toHaveLength(1);
        expect(JSON.stringify(bytes(path.join(root, previous[0])))).toBe(from);
        seen.add('between the renames');
      }
      // The next synth recovers: the new output, and no dist.previous-* left.
      expect(synthCli(root, { VERSION: to === fresh ? '2.0.0' : '1.0.0' }).code).toBe(0);
      expect(JSON.stringify(bytes(dist))).toBe(to);
      expect(fs.readdirSync(root).filter((f) => f.startsWith('dist.previous-'))).toEqual([]);
      from = to;
    }
    expect(seen.size).toBeGreaterThan(0);
  }, 180000);
});
