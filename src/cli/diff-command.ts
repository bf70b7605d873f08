import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { K8sObject } from '../k8s/manifest';
import { OutputDiff, diffOutputs } from '../k8s/diff';
import { Io, UsageError, oneOf, parse } from './args';
import { loadPaths } from './load';

/**
 * `cdk8s-prod diff BASE NEW`: what a GitOps pull request changes, object by object. BASE and NEW
 * are folders, or BASE is `REF:FOLDER` (a git ref and a folder of the repository, e.g.
 * `origin/main:dist`), read from git without touching the working tree.
 */
export function runDiff(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { 'format': { type: 'string' }, 'exit-code': { type: 'boolean' } });
  const format = oneOf(values.format as string | undefined, ['text', 'markdown', 'json'] as const, 'text', '--format');
  if (positionals.length !== 2) throw new UsageError(`diff needs two folders (BASE NEW); got ${positionals.length}`);
  const [base, next] = positionals.map((p) => readSide(p, io));
  const problems = [...base.problems, ...next.problems];
  for (const p of problems) io.err(`${p}\n`);
  if (problems.length > 0) return 2;
  const diff = diffOutputs(base.objects, next.objects);
  io.out(format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : format === 'markdown' ? diffAsMarkdown(diff) : diffAsText(diff));
  return values['exit-code'] && diff.objects.length > 0 ? 1 : 0;
}

function readSide(spec: string, io: Io): { objects: K8sObject[]; problems: string[] } {
  const ref = /^([^:/\\][^:]*):(.+)$/.exec(spec);
  if (ref && !fs.existsSync(path.resolve(io.cwd, spec))) {
    // A ref that starts with "-" would reach git as an option (`--output=…`), not as a ref.
    if (ref[1].startsWith('-')) throw new UsageError(`"${ref[1]}" is no git ref (a ref does not start with "-")`);
    return readGitTree(ref[1], ref[2], io);
  }
  const dir = path.resolve(io.cwd, spec);
  if (!fs.existsSync(dir)) throw new UsageError(`no such folder ${spec} (a folder, or REF:FOLDER for a folder at a git ref)`);
  return readFolder(dir, io.cwd, '');
}

/** The objects of a folder as `check` reads them, and its input problems as lines to print. */
export function readFolder(dir: string, displayRoot: string, prefix: string): { objects: K8sObject[]; problems: string[] } {
  const loaded = loadPaths([dir], displayRoot);
  return {
    objects: loaded.manifests.map((m) => m.object),
    problems: loaded.problems.map((p) => `${prefix}${p.file}${p.line ? `:${p.line}` : ''}: input error: ${p.message}`),
  };
}

/** The folder at a git ref, written to a temporary folder by `git archive` and read like any folder. */
function readGitTree(ref: string, folder: string, io: Io): { objects: K8sObject[]; problems: string[] } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-diff-'));
  try {
    const archive = spawnSync('git', ['archive', '--format=tar', ref, '--', folder], { cwd: io.cwd, maxBuffer: 1 << 30 });
    if (archive.status !== 0) throw new UsageError(`cannot read ${folder} at ${ref} from git: ${String(archive.stderr).trim() || `git exited ${archive.status}`}`);
    const untar = spawnSync('tar', ['-x', '-C', tmp], { input: archive.stdout });
    if (untar.status !== 0) throw new Error(`cannot unpack ${folder} at ${ref}: ${String(untar.stderr).trim()}`);
    return readFolder(path.join(tmp, folder), tmp, `${ref}:`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const show = (v: unknown) => (v === undefined ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v));
const SIGN = { added: '+', removed: '-', changed: '~' } as const;

function headline(d: OutputDiff): string {
  const s = d.summary;
  return `${s.added} added, ${s.removed} removed, ${s.changed} changed; ${s.risks} ${s.risks === 1 ? 'risk' : 'risks'}`;
}

export function diffAsText(d: OutputDiff): string {
  const lines = [`cdk8s-prod diff: ${headline(d)}`];
  for (const o of d.objects) {
    lines.push(`${SIGN[o.change]} ${o.object}`);
    for (const r of o.risks) lines.push(`    risk: ${r}`);
    for (const f of o.fields) lines.push(`    ${f.path}: ${show(f.before)} → ${show(f.after)}`);
  }
  return `${lines.join('\n')}\n`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function diffAsMarkdown(d: OutputDiff): string {
  const out = ['## cdk8s-prod diff', '', `${headline(d)}.`, ''];
  const risky = d.objects.filter((o) => o.risks.length > 0);
  if (risky.length > 0) {
    out.push('### Look twice', '');
    for (const o of risky) for (const r of o.risks) out.push(`- **${cell(o.object)}**: ${cell(r)}`);
    out.push('');
  }
  if (d.objects.length > 0) {
    out.push('### Objects', '', '| | object | fields |', '| --- | --- | --- |');
    for (const o of d.objects) out.push(`| ${o.change} | ${cell(o.object)} | ${o.fields.length || ''} |`);
    out.push('');
  }
  const changed = d.objects.filter((o) => o.fields.length > 0);
  if (changed.length > 0) {
    out.push('<details><summary>Field changes</summary>', '');
    for (const o of changed) {
      out.push(`#### ${cell(o.object)}`, '', '| field | before | after |', '| --- | --- | --- |');
      for (const f of o.fields) out.push(`| \`${cell(f.path)}\` | ${cell(show(f.before))} | ${cell(show(f.after))} |`);
      out.push('');
    }
    out.push('</details>', '');
  }
  return `${out.join('\n')}`;
}
