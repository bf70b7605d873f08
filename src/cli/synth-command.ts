import * as fs from 'fs';
import * as path from 'path';
import { copyManifestsForCli } from '../synth/atomic-dir';
import { discoverApps, synthesizeApps } from '../synth/apps';
import { GITOPS_ENGINES, GitOpsEngine } from '../../constructs/gitops';
import { Io, UsageError, oneOf, parse } from './args';

export function runSynth(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { apps: { type: 'string' }, out: { type: 'string' }, gitops: { type: 'string' } });
  if (positionals.length > 0) throw new UsageError(`synth takes no arguments; got "${positionals[0]}"`);
  const gitops: GitOpsEngine = oneOf(values.gitops as string | undefined, GITOPS_ENGINES, 'none', '--gitops');
  const appsDir = path.resolve(io.cwd, (values.apps as string | undefined) ?? 'apps');
  const outdir = path.resolve(io.cwd, (values.out as string | undefined) ?? 'dist');
  if (!fs.existsSync(appsDir)) throw new UsageError(`no apps folder ${appsDir} (an app is a folder of it with an app.ts exporting build(app))`);
  registerTypeScript(appsDir, io.cwd);
  const apps = discoverApps(appsDir);
  if (apps.length === 0) throw new UsageError(`no apps in ${appsDir} (an app is a folder with an app.ts exporting build(app))`);
  const result = synthesizeApps(apps, { outdir, appProps: { gitops, onWarning: (m) => io.err(`${m}\n`) } });
  io.out(`synthesized ${result.apps.map((a) => path.join(path.relative(io.cwd, outdir), a)).join(', ')}${result.changed ? '' : ' (unchanged)'}\n`);
  // cdk8s-cli runs us with CDK8S_OUTDIR set to a folder it emptied and then lists: give it a copy.
  const cliOut = io.env.CDK8S_OUTDIR;
  if (cliOut && path.resolve(io.cwd, cliOut) !== outdir) copyManifestsForCli(outdir, path.resolve(io.cwd, cliOut));
  return 0;
}

/**
 * Lets `require` load the apps' `app.ts`. The package brings no TypeScript runner: it uses the
 * ts-node of the project (every cdk8s TypeScript project has one), transpile-only (type errors are
 * the project's `tsc`'s to report) and as CommonJS whatever the project's tsconfig says.
 * Nothing is registered when every app is JavaScript or a loader for `.ts` is already there.
 */
function registerTypeScript(appsDir: string, cwd: string): void {
  const needsTs = fs.readdirSync(appsDir, { withFileTypes: true })
    .some((e) => e.isDirectory() && fs.existsSync(path.join(appsDir, e.name, 'app.ts')) && !fs.existsSync(path.join(appsDir, e.name, 'app.js')));
  if (!needsTs || (require.extensions ?? {})['.ts']) return;
  let tsNode: string;
  try {
    tsNode = require.resolve('ts-node', { paths: [appsDir, cwd] });
  } catch {
    throw new Error(`the apps in ${appsDir} are TypeScript, and no ts-node was found from there or from ${cwd}: `
      + 'add it to the project (npm install --save-dev ts-node typescript) or compile each app to app.js');
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the user's ts-node, found at run time
  (require(tsNode) as { register: (o: object) => void }).register({
    transpileOnly: true,
    dir: cwd,
    compilerOptions: { module: 'commonjs' },
  });
}
