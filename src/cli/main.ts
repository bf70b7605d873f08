import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { copyTree } from '../atomic-dir';
import { audit } from '../audit';
import { auditDockerfile, parseDockerfile } from '../dockerfile';
import { budgetReport, formatBudget } from '../quota';
import { ALL_RULES, AuditSettings, CATALOGUE } from '../rules';
import { ruleIdsModule, rulesAsJson, rulesAsMarkdown, rulesAsText } from '../rules-doc';
import { discoverApps, synthesizeApps } from '../synth';
import { loadPaths } from './load';
import { CheckResult, formatJson, formatMarkdown, formatSarif, formatText } from './report';

export interface Io {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

const USAGE = `usage:
  cdk8s-prod check PATH... [--format text|json|sarif|markdown] [--allowed-registry REG]...
                                                         check YAML/JSON manifests and Dockerfiles
  cdk8s-prod rules [--format text|json|markdown]         print the rule catalogue
  cdk8s-prod synth [--apps DIR] [--out DIR]              synthesize every app of apps/ into dist/ (atomically)
  cdk8s-prod budget PATH... [--format text|json]         how much of each namespace's ResourceQuota the workloads can claim at once
  cdk8s-prod docs [--check]                              regenerate docs/rules.md and src/rules/ids.ts

exit codes: 0 no error findings; 1 error findings; 2 usage error or unreadable input
`;

class UsageError extends Error {}

function version(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    return '0.0.0';
  }
}

function parse(args: string[], options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, flag: string): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}; got "${value}"`);
  return value as T;
}

export function check(paths: string[], cwd: string, settings: AuditSettings = {}): CheckResult {
  const loaded = loadPaths(paths.map((p) => path.resolve(cwd, p)), cwd);
  const manifests = audit(loaded.manifests, CATALOGUE, settings);
  const findings = [...manifests.findings];
  const suppressed = [...manifests.suppressed];
  const problems = [...loaded.problems];
  const skipped = [...loaded.skipped];
  let images = 0;
  for (const { file, text } of loaded.dockerfiles) {
    const df = parseDockerfile(text);
    if (df.parseError !== undefined) {
      problems.push({ file, message: df.parseError });
      continue;
    }
    if (!df.final) {
      skipped.push({ file, line: 1, reason: 'no FROM instruction, so no image to check' });
      continue;
    }
    // Each Dockerfile counts as one object: the image it builds.
    images++;
    const r = auditDockerfile(file, df);
    findings.push(...r.findings);
    suppressed.push(...r.suppressed);
  }
  const report = { findings, suppressed, objects: manifests.objects + images };
  return { report, problems, skipped, files: loaded.files };
}

function runCheck(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { 'format': { type: 'string' }, 'allowed-registry': { type: 'string', multiple: true } });
  const format = oneOf(values.format as string | undefined, ['text', 'json', 'sarif', 'markdown'] as const, 'text', '--format');
  if (positionals.length === 0) throw new UsageError('check needs at least one file or folder');
  const registries = values['allowed-registry'] as string[] | undefined;
  const result = check(positionals, io.cwd, registries ? { allowedRegistries: registries } : {});
  if (format === 'text') io.out(formatText(result));
  else {
    io.out(format === 'json' ? formatJson(result) : format === 'markdown' ? formatMarkdown(result) : formatSarif(result, ALL_RULES, version()));
    for (const p of result.problems) io.err(`${p.file}${p.line ? `:${p.line}` : ''}: input error: ${p.message}\n`);
  }
  if (result.problems.length > 0) return 2;
  return result.report.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

function runBudget(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { format: { type: 'string' } });
  const format = oneOf(values.format as string | undefined, ['text', 'json'] as const, 'text', '--format');
  if (positionals.length === 0) throw new UsageError('budget needs at least one file or folder');
  const loaded = loadPaths(positionals.map((p) => path.resolve(io.cwd, p)), io.cwd);
  const usages = budgetReport(loaded.manifests.map((m) => m.object));
  io.out(format === 'json' ? JSON.stringify(usages, null, 2) + '\n' : formatBudget(usages));
  for (const p of loaded.problems) io.err(`${p.file}${p.line ? `:${p.line}` : ''}: input error: ${p.message}\n`);
  return loaded.problems.length > 0 ? 2 : 0;
}

function runRules(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { format: { type: 'string' } });
  if (positionals.length > 0) throw new UsageError(`rules takes no arguments; got "${positionals[0]}"`);
  const format = oneOf(values.format as string | undefined, ['text', 'json', 'markdown'] as const, 'text', '--format');
  if (format === 'json') io.out(JSON.stringify(rulesAsJson(ALL_RULES), null, 2) + '\n');
  else if (format === 'markdown') io.out(rulesAsMarkdown(ALL_RULES));
  else io.out(rulesAsText(ALL_RULES));
  return 0;
}

/** The generated files and their expected contents. */
export function generatedDocs(root: string): Array<{ file: string; content: string }> {
  return [
    { file: path.join(root, 'docs', 'rules.md'), content: rulesAsMarkdown(ALL_RULES) },
    { file: path.join(root, 'src', 'rules', 'ids.ts'), content: ruleIdsModule(ALL_RULES) },
  ];
}

function runDocs(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { check: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError(`docs takes no arguments; got "${positionals[0]}"`);
  const root = path.join(__dirname, '..', '..');
  let stale = 0;
  for (const { file, content } of generatedDocs(root)) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (current === content) continue;
    if (values.check) {
      io.err(`${path.relative(io.cwd, file)} is stale: run \`npm run docs\`\n`);
      stale++;
    } else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      io.out(`wrote ${path.relative(io.cwd, file)}\n`);
    }
  }
  return stale > 0 ? 1 : 0;
}

function runSynth(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { apps: { type: 'string' }, out: { type: 'string' } });
  if (positionals.length > 0) throw new UsageError(`synth takes no arguments; got "${positionals[0]}"`);
  const appsDir = path.resolve(io.cwd, (values.apps as string | undefined) ?? 'apps');
  const outdir = path.resolve(io.cwd, (values.out as string | undefined) ?? 'dist');
  const apps = discoverApps(appsDir);
  if (apps.length === 0) throw new UsageError(`no apps in ${appsDir} (an app is a folder with an app.ts exporting build(app))`);
  const result = synthesizeApps(apps, { outdir, appProps: { onWarning: (m) => io.err(`${m}\n`) } });
  io.out(`synthesized ${result.apps.map((a) => path.join(path.relative(io.cwd, outdir), a)).join(', ')}${result.changed ? '' : ' (unchanged)'}\n`);
  // cdk8s-cli runs us with CDK8S_OUTDIR set to a folder it emptied and then lists: give it a copy.
  const cliOut = io.env.CDK8S_OUTDIR;
  if (cliOut && path.resolve(io.cwd, cliOut) !== outdir) copyTree(outdir, path.resolve(io.cwd, cliOut));
  return 0;
}

export function main(argv: string[], io: Io): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check': return runCheck(rest, io);
      case 'rules': return runRules(rest, io);
      case 'synth': return runSynth(rest, io);
      case 'docs': return runDocs(rest, io);
      case 'budget': return runBudget(rest, io);
      case undefined: case '-h': case '--help': case 'help':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      case '--version': case '-v':
        io.out(`${version()}\n`);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`cdk8s-prod: ${e.message}\n${USAGE}`);
      return 2;
    }
    io.err(`cdk8s-prod ${command}: ${(e as Error).message}\n`);
    return command === 'synth' ? 1 : 2;
  }
}
