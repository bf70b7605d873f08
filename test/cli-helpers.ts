import * as path from 'path';
import { main } from '../src/cli/main';

export const ROOT = path.join(__dirname, '..');

/** Runs the command in-process and captures what it prints. */
export function run(args: string[], env: NodeJS.ProcessEnv = {}): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(args, { out: (s) => { out += s; }, err: (s) => { err += s; }, cwd: ROOT, env });
  return { code, out, err };
}
