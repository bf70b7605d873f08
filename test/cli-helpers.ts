import * as fs from 'fs';
import * as os from 'os';
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

/** A new temp folder holding these files (paths relative to it, folders made as needed). */
export function tree(files: Record<string, string | Buffer>, prefix = 'cdk8s-prod-tree-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [f, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), content);
  }
  return dir;
}
