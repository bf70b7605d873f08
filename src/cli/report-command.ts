import * as fs from 'fs';
import * as path from 'path';
import { appReport, reportHtml, reportMarkdown } from '../report';
import { writeFileAtomically } from '../synth/atomic-dir';
import { Io, UsageError, parse } from './args';
import { loadPaths } from './load';

/** `cdk8s-prod report [DIST] --out DIR`: per app (each folder of DIST) and for the whole output, index.html and report.md. */
export function runReport(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { out: { type: 'string' } });
  if (positionals.length > 1) throw new UsageError(`report takes one output folder; got ${positionals.length}`);
  const out = values.out as string | undefined;
  if (out === undefined) throw new UsageError('report needs --out, the folder to write the report into');
  const dist = path.resolve(io.cwd, positionals[0] ?? 'dist');
  if (!fs.existsSync(dist) || !fs.statSync(dist).isDirectory()) throw new UsageError(`${positionals[0] ?? 'dist'} is not a folder`);
  const apps = fs.readdirSync(dist).filter((d) => fs.statSync(path.join(dist, d)).isDirectory()).sort();
  const target = path.resolve(io.cwd, out);
  const markdown: string[] = ['# cdk8s-prod report', ''];
  const all = [];
  let problems = 0;
  for (const app of apps) {
    const loaded = loadPaths([path.join(dist, app)], io.cwd);
    for (const p of loaded.problems) io.err(`${p.file}${p.line ? `:${p.line}` : ''}: input error: ${p.message}\n`);
    problems += loaded.problems.length;
    const objects = loaded.manifests.map((m) => m.object);
    all.push(...objects);
    const r = appReport(app, objects);
    fs.mkdirSync(path.join(target, app), { recursive: true });
    writeFileAtomically(path.join(target, app, 'index.html'), reportHtml(r));
    const md = reportMarkdown(r);
    writeFileAtomically(path.join(target, app, 'report.md'), md);
    markdown.push(md);
  }
  fs.mkdirSync(target, { recursive: true });
  writeFileAtomically(path.join(target, 'index.html'), reportHtml(appReport('all apps', all)));
  writeFileAtomically(path.join(target, 'report.md'), markdown.join('\n'));
  io.out(`wrote ${out}: ${apps.length} app${apps.length === 1 ? '' : 's'} (index.html and report.md each), and the whole output\n`);
  return problems > 0 ? 2 : 0;
}
