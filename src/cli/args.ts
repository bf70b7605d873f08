import { parseArgs } from 'util';

// What the commands share to read their arguments and report a usage error; main.ts runs them.

export interface Io {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Standard input, for the path `-` (the bin reads file descriptor 0). */
  readonly stdin?: () => Buffer;
}

export class UsageError extends Error {}

/** What `--help` asked: the usage is printed and the command does not run. */
export class HelpRequested extends Error {}

export type Options = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

export interface Parsed {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
}

export function parse(args: string[], options: Options): Parsed {
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/, ''));
  }
  if (parsed.values.help) throw new HelpRequested();
  return parsed;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, flag: string): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}; got "${value}"`);
  return value as T;
}
