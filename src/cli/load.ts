import * as fs from 'fs';
import * as path from 'path';
import { LineCounter, Node as YamlNode, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { AuditInput, isK8sObject } from '../audit';
import { FieldPath } from '../manifest';

export type FileKind = 'manifest' | 'dockerfile';

/** Something that could not be read; it makes `check` exit 2, after the other files are checked. */
export interface InputProblem {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

/** A document that was read but is not a Kubernetes object to check. */
export interface SkippedDocument {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

export interface LoadedFiles {
  readonly manifests: AuditInput[];
  readonly dockerfiles: Array<{ file: string; text: string }>;
  readonly problems: InputProblem[];
  readonly skipped: SkippedDocument[];
  readonly files: number;
}

const IGNORED_DIRS = new Set(['node_modules', '.git']);

export function isDockerfileName(file: string): boolean {
  const b = path.basename(file);
  return b === 'Dockerfile' || b.endsWith('.dockerfile') || b.startsWith('Dockerfile.');
}

/** How a file found while walking a folder is read, if at all. */
function kindInFolder(file: string): FileKind | undefined {
  if (isDockerfileName(file)) return 'dockerfile';
  if (/\.(ya?ml|json)$/i.test(file)) return 'manifest';
  return undefined;
}

/**
 * Reads files and folders. A file named explicitly is read whatever its extension; a folder
 * contributes its YAML, JSON and Dockerfiles (not node_modules or .git).
 */
export function loadPaths(paths: readonly string[], displayRoot = process.cwd()): LoadedFiles {
  const result: LoadedFiles = { manifests: [], dockerfiles: [], problems: [], skipped: [], files: 0 };
  const display = (p: string) => {
    const rel = path.relative(displayRoot, p);
    return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p).split(path.sep).join('/');
  };
  const readOne = (file: string, kind: FileKind) => {
    const shown = display(file);
    let buf: Buffer;
    try {
      buf = fs.readFileSync(file);
    } catch (e) {
      result.problems.push({ file: shown, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return;
    }
    (result as { files: number }).files++;
    if (buf.subarray(0, 8192).includes(0)) {
      result.problems.push({ file: shown, message: 'binary file (it contains NUL bytes); expected YAML, JSON or a Dockerfile' });
      return;
    }
    const text = buf.toString('utf8');
    if (kind === 'dockerfile') result.dockerfiles.push({ file: shown, text });
    else parseManifests(shown, text, result);
  };
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      result.problems.push({ file: display(dir), message: `cannot read folder: ${(e as NodeJS.ErrnoException).code}` });
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!IGNORED_DIRS.has(e.name)) walk(p);
      } else if (e.isFile()) {
        const kind = kindInFolder(p);
        if (kind) readOne(p, kind);
      }
    }
  };
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      result.problems.push({ file: display(path.resolve(p)), message: 'no such file or folder' });
      continue;
    }
    if (st.isDirectory()) walk(path.resolve(p));
    else readOne(path.resolve(p), isDockerfileName(p) ? 'dockerfile' : 'manifest');
  }
  return result;
}

/** Kustomize's own files describe how to build manifests; they are not objects for a cluster. */
function isBuildConfig(obj: { apiVersion: string }): boolean {
  return /(^|\.)config\.k8s\.io\//.test(obj.apiVersion);
}

/** How `check` reads YAML: the dialect kubectl reads (YAML 1.1, merge keys). */
export const KUBECTL_YAML = { prettyErrors: false, version: '1.1', merge: true } as const;

/** Parses a (multi-document) YAML or JSON text into objects that know their lines. */
export function parseManifests(file: string, text: string, into: Pick<LoadedFiles, 'manifests' | 'problems' | 'skipped'>): void {
  const lineCounter = new LineCounter();
  let docs;
  try {
    // YAML 1.1, as kubectl reads manifests: `yes`/`on` are booleans and `<<` merges maps. Read as
    // YAML 1.2, `hostNetwork: yes` would be a string and slip past the host-namespace rules.
    docs = parseAllDocuments(text, { lineCounter, ...KUBECTL_YAML });
  } catch (e) {
    into.problems.push({ file, message: `cannot parse: ${(e as Error).message}` });
    return;
  }
  const docList = Array.isArray(docs) ? docs : [docs];
  for (const doc of docList) {
    const docLine = lineCounter.linePos(doc.range?.[0] ?? 0).line;
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      const line = err.linePos?.[0]?.line ?? lineCounter.linePos(err.pos[0]).line;
      into.problems.push({ file, line, message: `YAML syntax error: ${err.message.split('\n')[0]}` });
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      into.problems.push({ file, line: docLine, message: `cannot read document: ${(e as Error).message}` });
      continue;
    }
    if (value === null || value === undefined) continue;
    // Lists are unpacked by the audit, as kubectl unpacks them; lines are found from the whole document.
    const lineOf = (p: FieldPath) => lineOfPath(doc.contents as YamlNode | null, p, lineCounter);
    if (!isK8sObject(value)) {
      into.skipped.push({ file, line: docLine, reason: 'not a Kubernetes object (no apiVersion and kind)' });
    } else if (isBuildConfig(value)) {
      into.skipped.push({ file, line: docLine, reason: `${value.kind} is a build configuration, not a cluster object` });
    } else {
      into.manifests.push({ object: value, source: { file, line: docLine, lineOf } });
    }
  }
}

/** The line of the deepest node of `path` that exists (the key's line for mapping entries). */
function lineOfPath(root: YamlNode | null, p: FieldPath, lc: LineCounter): number | undefined {
  let node: unknown = root;
  let line = root?.range ? lc.linePos(root.range[0]).line : undefined;
  for (const seg of p) {
    if (isMap(node)) {
      const pair = node.items.find((it) => isScalar(it.key) && String(it.key.value) === String(seg));
      if (!pair) break;
      const keyNode = pair.key as YamlNode;
      if (keyNode.range) line = lc.linePos(keyNode.range[0]).line;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as YamlNode | undefined;
      if (!item) break;
      if (item.range) line = lc.linePos(item.range[0]).line;
      node = item;
    } else {
      break;
    }
  }
  return line;
}
