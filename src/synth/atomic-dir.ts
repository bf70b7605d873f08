import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Replaces a folder with freshly generated content so that readers see either the old tree or
 * the new one, never a half-written mix:
 * 1. `fill` writes into a staging sibling (same filesystem, so renames are atomic);
 * 2. if it throws, the staging folder is removed and the target is untouched;
 * 3. if the new tree equals the old one byte for byte, nothing moves;
 * 4. else the old tree is renamed aside, the staging folder renamed into place, the old one removed.
 * A crash between the two renames leaves `<target>.previous-*`, which the next call restores.
 */
export function replaceDirAtomically(target: string, fill: (staging: string) => void): { changed: boolean } {
  const abs = path.resolve(target);
  const parent = path.dirname(abs);
  const base = path.basename(abs);
  fs.mkdirSync(parent, { recursive: true });
  recoverInterruptedSwap(abs);

  const tag = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  const staging = path.join(parent, `${base}.staging-${tag}`);
  fs.mkdirSync(staging);
  try {
    fill(staging);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }

  if (fs.existsSync(abs) && treesEqual(abs, staging)) {
    fs.rmSync(staging, { recursive: true, force: true });
    return { changed: false };
  }
  if (!fs.existsSync(abs)) {
    fs.renameSync(staging, abs);
    return { changed: true };
  }
  const previous = path.join(parent, `${base}.previous-${tag}`);
  fs.renameSync(abs, previous);
  try {
    fs.renameSync(staging, abs);
  } catch (e) {
    fs.renameSync(previous, abs);
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  fs.rmSync(previous, { recursive: true, force: true });
  return { changed: true };
}

function recoverInterruptedSwap(abs: string): void {
  const parent = path.dirname(abs);
  const base = path.basename(abs);
  for (const f of fs.readdirSync(parent)) {
    const p = path.join(parent, f);
    if (f.startsWith(`${base}.previous-`)) {
      if (!fs.existsSync(abs)) fs.renameSync(p, abs);
      else fs.rmSync(p, { recursive: true, force: true });
    } else if (f.startsWith(`${base}.staging-`) && !processAlive(Number(f.slice(base.length + 9).split('-')[0]))) {
      // A synth that was killed mid-way; one that is still running keeps its folder.
      fs.rmSync(p, { recursive: true, force: true });
    }
  }
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Relative paths of every file below `dir`, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? path.join(rel, entry.name) : entry.name;
      if (entry.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk('');
  return out.sort();
}

export function treesEqual(a: string, b: string): boolean {
  const fa = listFiles(a);
  const fb = listFiles(b);
  if (fa.length !== fb.length || fa.some((f, i) => f !== fb[i])) return false;
  return fa.every((f) => fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))));
}

/**
 * How large a file of the CLI copy may be: cdk8s-cli's `--stdout` pipes every file into standard
 * output at once, so files read in more than one chunk (64 KiB) interleave; each file read whole
 * stays whole. Larger manifests are split at their documents.
 */
export const CLI_FILE_BYTES = 60 * 1024;

/**
 * The files cdk8s-cli gets (its output folder, or Helm's `templates/`), by path: the manifests
 * only, each starting a YAML document, because `cdk8s synth --stdout` prints the files one after
 * another and Helm renders every file of `templates/`; a manifest over CLI_FILE_BYTES is written
 * as parts (`name.part-01.k8s.yaml`, …) of whole documents. `kustomization.yaml` is the GitOps
 * folder's own, not a manifest: it would be glued to the last object of the stream, and it is no
 * Helm template.
 */
export function cliCopyOf(files: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [f, text] of Object.entries(files)) {
    if (path.basename(f) === 'kustomization.yaml') continue;
    if (!/\.ya?ml$/.test(f)) {
      out[f] = text;
      continue;
    }
    const body = text.startsWith('---\n') ? text.slice(4) : text;
    const docs = body.split(/^---\n/m);
    if (Buffer.byteLength(body) + 4 <= CLI_FILE_BYTES || docs.length < 2) {
      out[f] = `---\n${body}`;
      continue;
    }
    const parts: string[] = [];
    for (const doc of docs) {
      const last = parts.length - 1;
      if (last >= 0 && Buffer.byteLength(parts[last]) + Buffer.byteLength(doc) + 4 <= CLI_FILE_BYTES) parts[last] += `---\n${doc}`;
      else parts.push(`---\n${doc}`);
    }
    // `.k8s.yaml` stays the end of the name: cdk8s-cli's Helm output takes those files.
    const ext = /\.k8s\.ya?ml$/.exec(f)?.[0] ?? path.extname(f);
    parts.forEach((part, i) => { out[`${f.slice(0, -ext.length)}.part-${String(i + 1).padStart(2, '0')}${ext}`] = part; });
  }
  return out;
}

/** Writes the CLI copy of a GitOps folder (cliCopyOf) into `to`. */
export function copyManifestsForCli(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  const files = Object.fromEntries(listFiles(from).map((f) => [f, fs.readFileSync(path.join(from, f), 'utf8')]));
  for (const [f, text] of Object.entries(cliCopyOf(files))) {
    fs.mkdirSync(path.dirname(path.join(to, f)), { recursive: true });
    fs.writeFileSync(path.join(to, f), text);
  }
}

/**
 * Writes a file through a temporary sibling and a rename, so a reader sees the old content or
 * the new, never half of it; the sibling is removed when the write fails.
 */
export function writeFileAtomically(file: string, content: string): void {
  const tmp = `${file}.cdk8s-prod-${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
