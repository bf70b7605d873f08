import { parseArgs } from 'util';
import { packageVersion } from '../package-info';

export interface Io {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

const USAGE = `usage:
  cdk8s-prod check PATH... [--format text|json|sarif|markdown] [--allowed-registry REG]... [--require-digest]
                                                         check YAML/JSON manifests and Dockerfiles
  cdk8s-prod rules [--format text|json|markdown]         print the rule catalogue
  cdk8s-prod budget PATH... [--format text|json]         how much of each namespace's ResourceQuota the workloads can claim at once
  cdk8s-prod init [--dry-run] [--force]                  set up an existing cdk8s project for cdk8s-prod
  cdk8s-prod synth [--apps DIR] [--out DIR]              synthesize every app of apps/ into dist/ (atomically)
  cdk8s-prod --version

exit codes: 0 no error findings; 1 error findings (or a refused synth); 2 usage error or unreadable input
`;

export class UsageError extends Error {}

export type Options = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

export function parse(args: string[], options: Options) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, flag: string): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}; got "${value}"`);
  return value as T;
}

// Each command loads its modules when it runs: `--version` and `check` must not pay for cdk8s and
// cdk8s-plus, which only `synth` needs.
const COMMANDS: Record<string, () => (args: string[], io: Io) => number> = {
  check: () => (require('./commands') as typeof import('./commands')).runCheck,
  rules: () => (require('./commands') as typeof import('./commands')).runRules,
  budget: () => (require('./commands') as typeof import('./commands')).runBudget,
  init: () => (require('./init') as typeof import('./init')).runInit,
  synth: () => (require('./synth-command') as typeof import('./synth-command')).runSynth,
};

export function main(argv: string[], io: Io): number {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      io.out(`${packageVersion()}\n`);
      return 0;
    }
    const load = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!load) throw new UsageError(`unknown command "${command}"`);
    return load()(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`cdk8s-prod: ${e.message}\n${USAGE}`);
      return 2;
    }
    io.err(`cdk8s-prod ${command}: ${(e as Error).message}\n`);
    return command === 'synth' ? 1 : 2;
  }
}
