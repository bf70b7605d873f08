import * as fs from 'fs';
import * as path from 'path';
import { Alias, Document, LineCounter, Node as YamlNode, isAlias, isMap, isScalar, isSeq, parseAllDocuments, parseDocument, visit } from 'yaml';
import { AuditInput, isK8sObject } from '../engine/audit';
import { notClusterObject } from '../k8s/kinds';
import { FieldPath } from '../k8s/manifest';

/*
 * How `check` reads what it is given, as kubectl reads manifests: every input is either read as
 * kubectl reads it or refused with an input problem (file, line, why), and every document that is
 * not checked is listed with the reason. Reading is linear in the size of the input.
 */

export type FileKind = 'manifest' | 'dockerfile';

/** Something that could not be read; it makes `check` exit 2, after the other files are checked. */
export interface InputProblem {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

/** A document (or a file) that was read but is not a Kubernetes object to check, and why. */
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

export interface LoadOptions {
  /** Reads standard input, for the path `-`. */
  readonly stdin?: () => Buffer;
}

/** The path that means standard input. */
export const STDIN = '-';
const STDIN_NAME = '<stdin>';

const IGNORED_DIRS = new Set(['node_modules', '.git']);

/** Larger files are refused: no manifest is that big, and reading one would take minutes. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Objects nest no deeper than this (Go's JSON decoder, which kubectl uses, stops at 10,000). */
export const MAX_DEPTH = 1000;
/** Aliases may expand a document to at most this many values (a YAML bomb expands to billions). */
export const MAX_EXPANDED_VALUES = 1_000_000;

/** `Dockerfile`, `dockerfile`, `Containerfile`, `Dockerfile.prod`, `Dockerfile-dev`, `app.Dockerfile`, `web.containerfile`. */
export function isDockerfileName(file: string): boolean {
  const b = path.basename(file);
  return /^(docker|container)file([.-].*)?$/i.test(b) || /\.(docker|container)file$/i.test(b);
}

/** How a file found while walking a folder is read, if at all. */
function kindInFolder(file: string): FileKind | undefined {
  if (isDockerfileName(file)) return 'dockerfile';
  if (/\.(ya?ml|json)$/i.test(file)) return 'manifest';
  return undefined;
}

/** A Helm chart's template: a file below `templates/` of a folder that holds a Chart.yaml. */
function helmChartOf(file: string): string | undefined {
  const parts = file.split(path.sep);
  const t = parts.lastIndexOf('templates');
  if (t <= 0) return undefined;
  const chart = parts.slice(0, t).join(path.sep);
  return fs.existsSync(path.join(chart, 'Chart.yaml')) ? chart : undefined;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads files and folders (and `-`, standard input). A file named explicitly is read whatever its
 * name; a folder contributes its YAML, JSON and Dockerfiles (not node_modules or .git), following
 * symbolic links (each file and folder is read once, however many links lead to it).
 */
export function loadPaths(paths: readonly string[], displayRoot = process.cwd(), options: LoadOptions = {}): LoadedFiles {
  const result: LoadedFiles = { manifests: [], dockerfiles: [], problems: [], skipped: [], files: 0 };
  const display = (p: string) => {
    const rel = path.relative(displayRoot, p);
    return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p).split(path.sep).join('/');
  };
  /** Real path → how it was first shown, so that a link to a file read already reads nothing twice. */
  const readFiles = new Map<string, string>();
  const walkedDirs = new Set<string>();

  const decode = (shown: string, buf: Buffer): string | undefined => {
    if (buf.includes(0)) {
      result.problems.push({ file: shown, message: 'binary file (it contains NUL bytes); expected YAML, JSON or a Dockerfile' });
      return undefined;
    }
    try {
      return UTF8.decode(buf).replace(/^\uFEFF/, '');
    } catch {
      result.problems.push({ file: shown, message: 'not UTF-8 text (a binary file, or text in another encoding); expected YAML, JSON or a Dockerfile' });
      return undefined;
    }
  };

  const take = (shown: string, text: string, kind: FileKind, file?: string) => {
    (result as { files: number }).files++;
    if (kind === 'dockerfile') {result.dockerfiles.push({ file: shown, text });} else {
      const chart = file ? helmChartOf(file) : undefined;
      if (chart) result.skipped.push({ file: shown, line: 1, reason: `a template of the Helm chart ${display(chart)}: render it (helm template ${display(chart)} | cdk8s-prod check -) and check what it renders` });
      else parseManifests(shown, text, result);
    }
  };

  const readOne = (file: string, kind: FileKind, st: fs.Stats) => {
    const shown = display(file);
    if (!st.isFile()) {
      const what = st.isFIFO() ? 'a named pipe' : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : st.isSocket() ? 'a socket' : 'not a file';
      result.problems.push({ file: shown, message: `not a regular file (${what}); name a file or a folder, or - for standard input` });
      return;
    }
    if (st.size > MAX_FILE_BYTES) {
      result.problems.push({ file: shown, message: `${(st.size / 1024 / 1024).toFixed(0)} MiB is more than a manifest file may hold (${MAX_FILE_BYTES / 1024 / 1024} MiB)` });
      return;
    }
    const real = fs.realpathSync(file);
    const first = readFiles.get(real);
    if (first !== undefined) {
      result.skipped.push({ file: shown, line: 1, reason: `the same file as ${first} (a symbolic link), which is checked` });
      return;
    }
    readFiles.set(real, shown);
    let buf: Buffer;
    try {
      buf = fs.readFileSync(file);
    } catch (e) {
      result.problems.push({ file: shown, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return;
    }
    const text = decode(shown, buf);
    if (text !== undefined) take(shown, text, kind, file);
  };

  const walk = (dir: string) => {
    const real = fs.realpathSync(dir);
    if (walkedDirs.has(real)) return;
    walkedDirs.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      result.problems.push({ file: display(dir), message: `cannot read folder: ${(e as NodeJS.ErrnoException).code}` });
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      let st: fs.Stats;
      try {
        // A symbolic link is what it points at.
        st = e.isSymbolicLink() ? fs.statSync(p) : fs.lstatSync(p);
      } catch (err) {
        result.problems.push({ file: display(p), message: `a symbolic link to nothing (${(err as NodeJS.ErrnoException).code}): ${fs.readlinkSync(p)}` });
        continue;
      }
      if (st.isDirectory()) {
        if (!IGNORED_DIRS.has(e.name)) walk(p);
      } else {
        const kind = kindInFolder(p);
        if (kind && st.isFile()) readOne(p, kind, st);
      }
    }
  };

  for (const p of paths) {
    if (p === STDIN) {
      if (!options.stdin) {
        result.problems.push({ file: STDIN_NAME, message: 'standard input is not available here' });
        continue;
      }
      const text = decode(STDIN_NAME, options.stdin());
      if (text !== undefined) take(STDIN_NAME, text, /^\s*FROM\s/im.test(text) && !/^\s*(apiVersion|kind)\s*:/m.test(text) ? 'dockerfile' : 'manifest');
      continue;
    }
    const abs = path.resolve(p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      result.problems.push({ file: display(abs), message: code === 'ENOENT' && fs.existsSync(path.dirname(abs)) && isBrokenLink(abs) ? `a symbolic link to nothing: ${fs.readlinkSync(abs)}` : 'no such file or folder' });
      continue;
    }
    if (st.isDirectory()) walk(abs);
    else readOne(abs, isDockerfileName(abs) ? 'dockerfile' : 'manifest', st);
  }
  return result;
}

function isBrokenLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** How `check` reads YAML: the dialect kubectl reads (YAML 1.1, merge keys). */
export const KUBECTL_YAML = { prettyErrors: false, version: '1.1', merge: true } as const;

type Into = Pick<LoadedFiles, 'manifests' | 'problems' | 'skipped'>;

/** What a document that is not a Kubernetes object to check is, or undefined when it is one. */
function skipReason(value: unknown): string | undefined {
  if (!isK8sObject(value)) {
    if (Array.isArray(value)) return undefined;
    return 'not a Kubernetes object (no apiVersion and kind)';
  }
  return notClusterObject(value);
}

/** Adds one document's value, judging whether it is an object to check. */
function addDocument(file: string, line: number, value: unknown, lineOf: (p: FieldPath) => number | undefined, into: Into): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    // kubectl decodes each document into an object: a top-level list is refused as a whole.
    into.problems.push({ file, line, message: 'the document is a list, not an object: kubectl cannot read it (write the objects as documents, or as the items of a kind: List)' });
    return;
  }
  const reason = skipReason(value);
  if (reason !== undefined) into.skipped.push({ file, line, reason });
  else into.manifests.push({ object: value as AuditInput['object'], source: { file, line, lineOf } });
}

/**
 * Parses a (multi-document) YAML text or a JSON stream into objects that know their lines. Like
 * kubectl, a text whose first character (after spaces) is `{` is JSON, read with JSON's rules (no
 * comments); anything else is YAML 1.1.
 */
export function parseManifests(file: string, text: string, into: Into): void {
  if (/^\s*\{/.test(text)) parseJsonStream(file, text, into);
  else parseYaml(file, text, into);
}

function parseYaml(file: string, text: string, into: Into): void {
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    // YAML 1.1, as kubectl reads manifests: `yes`/`on` are booleans and `<<` merges maps. Read as
    // YAML 1.2, `hostNetwork: yes` would be a string and slip past the host-namespace rules.
    // Duplicate keys are found below in linear time (the library's own check is quadratic).
    docs = parseAllDocuments(text, { lineCounter, ...KUBECTL_YAML, uniqueKeys: false }) as Document.Parsed[];
  } catch (e) {
    into.problems.push({ file, message: `cannot parse: ${(e as Error).message}` });
    return;
  }
  const docList = Array.isArray(docs) ? docs : [docs];
  const template = /\{\{[^}]*\}\}/.test(text);
  for (const doc of docList) {
    const docLine = lineCounter.linePos(doc.range?.[0] ?? 0).line;
    const lineAt = (offset: number) => lineCounter.linePos(offset).line;
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      const line = err.linePos?.[0]?.line ?? lineAt(err.pos[0]);
      const hint = template ? ' (the file holds {{ … }}: a Helm or Go template is not YAML until it is rendered; check what it renders, e.g. helm template … | cdk8s-prod check -)' : '';
      into.problems.push({ file, line, message: `YAML syntax error: ${err.message.split('\n')[0]}${hint}` });
      continue;
    }
    const problem: { line?: number; message: string } | undefined = (template ? templateNode(doc, text, lineAt) : undefined)
      ?? duplicateKey(doc, lineAt) ?? aliasBomb(doc);
    if (problem) {
      into.problems.push({ file, line: problem.line ?? docLine, message: problem.message });
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: -1 });
    } catch (e) {
      into.problems.push({ file, line: docLine, message: `cannot read document: ${(e as Error).message}` });
      continue;
    }
    addDocument(file, docLine, value, (p) => lineOfPath(doc.contents as YamlNode | null, p, lineCounter), into);
  }
}

/**
 * Where a Helm or Go template action (`{{ .Values.x }}`, `{{- if … }}`) sits as YAML structure: it
 * parses as a flow mapping inside a flow mapping, which no manifest means. Inside a string or a
 * block scalar (a Go template in a ConfigMap) it is text, and fine.
 */
function templateNode(doc: Document.Parsed, text: string, lineAt: (offset: number) => number):
  { line?: number; message: string } | undefined {
  let found: { line?: number; message: string } | undefined;
  visit(doc, {
    Map(_, map) {
      const start = map.range?.[0];
      if (map.flow && start !== undefined && text.startsWith('{{', start)) {
        found = { line: lineAt(start), message: `a Helm or Go template action (${JSON.stringify(text.slice(start, text.indexOf('}}', start) + 2).slice(0, 60))}) is not YAML until it is rendered: check what it renders, e.g. helm template … | cdk8s-prod check -` };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The first key that a mapping of the document holds twice (kubectl refuses such a document). */
function duplicateKey(doc: Document.Parsed, lineAt: (offset: number) => number): { line?: number; message: string } | undefined {
  let found: { line?: number; message: string } | undefined;
  visit(doc, {
    Map(_, map) {
      const keys = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const k = String(pair.key.value);
        // Merge keys may repeat (`<<: *a` then `<<: *b`); the library merges them.
        if (k === '<<' && (pair.key as { type?: string }).type === 'PLAIN') continue;
        if (keys.has(k)) {
          found = { line: pair.key.range ? lineAt(pair.key.range[0]) : undefined, message: `YAML syntax error: Map keys must be unique ("${k}" is given twice)` };
          return visit.BREAK;
        }
        keys.add(k);
      }
      return undefined;
    },
  });
  return found;
}

/**
 * A document whose aliases would expand it past MAX_EXPANDED_VALUES values: an alias bomb. Each
 * anchored node's expanded size is computed once, so the check is linear in the document.
 */
function aliasBomb(doc: Document.Parsed): { message: string } | undefined {
  let hasAlias = false;
  visit(doc, { Alias() { hasAlias = true; return visit.BREAK; } });
  if (!hasAlias) return undefined;
  const sizes = new Map<unknown, number>();
  const size = (node: unknown, depth: number): number => {
    if (depth > 10_000) return Infinity;
    if (isAlias(node)) {
      const target = (node as Alias).resolve(doc);
      return target ? size(target, depth + 1) : 1;
    }
    if (sizes.has(node)) return sizes.get(node)!;
    let n = 1;
    if (isMap(node)) for (const p of node.items) n += size(p.key, depth + 1) + size(p.value, depth + 1);
    else if (isSeq(node)) for (const i of node.items) n += size(i, depth + 1);
    sizes.set(node, n);
    return n;
  };
  const total = size(doc.contents, 0);
  return total > MAX_EXPANDED_VALUES
    ? { message: `its aliases expand it to ${Number.isFinite(total) ? total.toLocaleString('en') : 'too many'} values, more than ${MAX_EXPANDED_VALUES.toLocaleString('en')}: a YAML bomb is refused` }
    : undefined;
}

/** A JSON stream: one or more JSON values one after the other, as kubectl's JSON decoder reads them. */
function parseJsonStream(file: string, text: string, into: Into): void {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  for (const value of splitJsonValues(text)) {
    if ('error' in value) {
      into.problems.push({ file, line: lineAt(value.at), message: `JSON syntax error: ${value.error}` });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(value.text);
    } catch (e) {
      const at = /position (\d+)/.exec((e as Error).message);
      const hint = /\/[/*]/.test(value.text) ? ' (JSON has no comments: kubectl refuses this file)' : '';
      into.problems.push({ file, line: lineAt(value.start + (at ? Number(at[1]) : 0)), message: `JSON syntax error: ${(e as Error).message}${hint}` });
      return;
    }
    const depth = depthOf(parsed);
    if (depth > MAX_DEPTH) {
      into.problems.push({ file, line: lineAt(value.start), message: `the object nests ${depth > 10 * MAX_DEPTH ? `more than ${10 * MAX_DEPTH}` : depth} levels deep, more than ${MAX_DEPTH}: no manifest is this deep, and kubectl stops at 10,000` });
      continue;
    }
    // The YAML parser reads JSON too: it gives the lines of the fields, and finds repeated keys
    // (JSON.parse keeps the last one; kubectl's strict decoding refuses the object).
    const lc = new LineCounter();
    const doc = parseDocument(value.text, { lineCounter: lc, version: '1.2', uniqueKeys: false }) as Document.Parsed;
    const dup = duplicateKey(doc, (o) => lineAt(value.start + o));
    if (dup) {
      into.problems.push({ file, line: dup.line, message: dup.message.replace('YAML', 'JSON') });
      continue;
    }
    const base = lineAt(value.start) - 1;
    addDocument(file, lineAt(value.start), parsed, (p) => {
      const l = lineOfPath(doc.contents as YamlNode | null, p, lc);
      return l === undefined ? undefined : base + l;
    }, into);
  }
}

/** How deep a JSON value nests (iteratively: a deep value must not overflow the stack), up to 10 × MAX_DEPTH + 1. */
function depthOf(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    max = Math.max(max, d);
    if (d > 10 * MAX_DEPTH) return d;
    for (const x of Object.values(v as object)) stack.push([x, d + 1]);
  }
  return max;
}

/** The top-level values of a JSON stream, with where each starts (strings and nesting respected). */
function* splitJsonValues(text: string): Generator<{ text: string; start: number } | { error: string; at: number }> {
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && /\s/.test(text[i])) i++;
    if (i >= n) return;
    const start = i;
    const open = text[i];
    if (open !== '{' && open !== '[') {
      yield { error: `expected an object, found ${JSON.stringify(text.slice(i, i + 10))}`, at: i };
      return;
    }
    let depth = 0;
    let inString = false;
    for (; i < n; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') {inString = true;} else if (c === '{' || c === '[') {depth++;} else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      }
    }
    yield { text: text.slice(start, i), start };
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
