import * as path from 'path';
import { check } from './check';
import { applicableObjects } from '../k8s/lists';
import { packageVersion } from '../package-info';
import { budgetReport, formatBudget } from '../k8s/quota';
import { ALL_RULES, PACKS, PackId, allRulesInPacks, isPackId } from '../catalogue';
import { rulesAsJson, rulesAsMarkdown, rulesAsText } from './rules-doc';
import { MAX_JOBS, STDIN, isJobs, loadPaths } from './load';
import { Io, UsageError, oneOf, parse } from './args';
import { formatJson, formatMarkdown, formatSarif, formatText } from './report';

export function runCheck(args: string[], io: Io): number {
  const { values, positionals } = parse(args, {
    'format': { type: 'string' }, 'allowed-registry': { type: 'string', multiple: true }, 'require-digest': { type: 'boolean' },
    'pack': { type: 'string', multiple: true }, 'jobs': { type: 'string' },
  });
  const format = oneOf(values.format as string | undefined, ['text', 'json', 'sarif', 'markdown'] as const, 'text', '--format');
  if (positionals.length === 0) throw new UsageError('check needs at least one file or folder');
  const registries = values['allowed-registry'] as string[] | undefined;
  const packs = packsOf(values.pack as string[] | undefined);
  const jobs = jobsOf(values.jobs as string | undefined);
  const result = check(positionals, io.cwd, {
    ...(registries ? { allowedRegistries: registries } : {}),
    ...(values['require-digest'] ? { requireImageDigests: true } : {}),
  }, { stdin: io.stdin, ...(packs ? { packs } : {}), ...(jobs ? { jobs } : {}) });
  if (format === 'text') {io.out(formatText(result));} else {
    io.out(format === 'json' ? formatJson(result) : format === 'markdown' ? formatMarkdown(result) : formatSarif(result, ALL_RULES, packageVersion()));
    for (const p of result.problems) io.err(`${p.file}${p.line ? `:${p.line}` : ''}: input error: ${p.message}\n`);
  }
  if (result.problems.length > 0) return 2;
  return result.report.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

export function runBudget(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { format: { type: 'string' } });
  const format = oneOf(values.format as string | undefined, ['text', 'json'] as const, 'text', '--format');
  if (positionals.length === 0) throw new UsageError('budget needs at least one file or folder');
  const loaded = loadPaths(positionals.map((p) => (p === STDIN ? p : path.resolve(io.cwd, p))), io.cwd, { stdin: io.stdin });
  const usages = budgetReport(applicableObjects(loaded.manifests.map((m) => m.object)));
  io.out(format === 'json' ? JSON.stringify(usages, null, 2) + '\n' : formatBudget(usages));
  for (const p of loaded.problems) io.err(`${p.file}${p.line ? `:${p.line}` : ''}: input error: ${p.message}\n`);
  if (loaded.problems.length > 0) return 2;
  // A quota its workloads can overrun is a failure, as the synth's namespace-quota-fit rule says.
  return usages.some((u) => u.lines.some((l) => l.used > l.hard)) ? 1 : 0;
}

/** `--jobs N`: how many threads read the files (1: this one only). */
function jobsOf(given: string | undefined): number | undefined {
  if (given === undefined) return undefined;
  const n = Number(given);
  if (!/^[0-9]+$/.test(given) || !isJobs(n)) throw new UsageError(`--jobs: a whole number of threads from 1 to ${MAX_JOBS}; got ${JSON.stringify(given)}`);
  return n;
}

/** `--pack a --pack b,c` → ['a', 'b', 'c'], each a pack of the catalogue. */
function packsOf(given: string[] | undefined): PackId[] | undefined {
  if (given === undefined) return undefined;
  const packs = given.flatMap((g) => g.split(',')).map((p) => p.trim());
  for (const p of packs) {
    if (!isPackId(p)) throw new UsageError(`--pack: unknown pack ${JSON.stringify(p)}; the packs are ${PACKS.map((k) => k.id).join(', ')}`);
  }
  return packs as PackId[];
}

export function runRules(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { format: { type: 'string' }, pack: { type: 'string', multiple: true } });
  if (positionals.length > 0) throw new UsageError(`rules takes no arguments; got "${positionals[0]}"`);
  const format = oneOf(values.format as string | undefined, ['text', 'json', 'markdown'] as const, 'text', '--format');
  const packs = packsOf(values.pack as string[] | undefined);
  const rules = packs ? allRulesInPacks(packs) : ALL_RULES;
  if (format === 'json') io.out(JSON.stringify(rulesAsJson(rules), null, 2) + '\n');
  else if (format === 'markdown') io.out(rulesAsMarkdown(rules));
  else io.out(rulesAsText(rules));
  return 0;
}
