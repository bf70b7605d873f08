import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_PROXY_IMAGE } from '../../constructs/proxy';
import { formatImportSummary, importManifests } from '../import';
import { writeFileAtomically } from '../synth/atomic-dir';
import { Io, UsageError, parse } from './args';
import { STDIN, loadPaths } from './load';

/** `cdk8s-prod import FILES... --out apps/<name>/app.ts [--name NAME] [--summary FILE]` */
export function runImport(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { out: { type: 'string' }, name: { type: 'string' }, summary: { type: 'string' }, force: { type: 'boolean' } });
  if (positionals.length === 0) throw new UsageError('import needs at least one file or folder of manifests');
  const out = values.out as string | undefined;
  if (out === undefined) throw new UsageError('import needs --out, the app file to write (apps/<name>/app.ts)');
  const target = path.resolve(io.cwd, out);
  const name = (values.name as string | undefined) ?? path.basename(path.dirname(target));
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name)) throw new UsageError(`--name: "${name}" is not an app name (a DNS-1035 label); give --name`);
  if (fs.existsSync(target) && !values.force) throw new UsageError(`${out} exists; give --force to replace it`);
  const loaded = loadPaths(positionals.map((p) => (p === STDIN ? p : path.resolve(io.cwd, p))), io.cwd, { stdin: io.stdin });
  for (const p of loaded.problems) io.err(`${p.file}${p.line ? `:${p.line}` : ''}: input error: ${p.message}\n`);
  if (loaded.problems.length > 0) return 2;
  const result = importManifests(loaded.manifests.map((m) => m.object), {
    appName: name,
    sources: positionals,
    proxyDefaults: { port: 8081, image: DEFAULT_PROXY_IMAGE },
  });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  writeFileAtomically(target, result.code);
  const summary = formatImportSummary(result.summary);
  if (values.summary !== undefined) writeFileAtomically(path.resolve(io.cwd, values.summary as string), summary);
  io.out(summary);
  io.out(`wrote ${out}: ${result.summary.mapped.length} constructs, ${result.summary.raw.length} objects kept raw, ${result.summary.decisions.length} decisions to make\n`);
  return 0;
}
