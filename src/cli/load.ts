import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from 'worker_threads';
import { Alias, CST, Composer, Document, LineCounter, Parser, ScalarTag, Tags, isAlias, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';
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
  /**
   * How many threads read and parse files: 1 reads them all on the calling thread. Worker threads
   * are used only when there are several files and enough bytes to pay for starting them
   * (`PARALLEL_MIN_BYTES`); the result is the same, in the same order, whatever the number.
   * @default the machine's available parallelism, at most 8
   */
  readonly jobs?: number;
  /** @internal The least total size of the files for worker threads to be used (tests lower it). */
  readonly parallelMinBytes?: number;
  /** @internal Tests: the worker's script, instead of load-worker. */
  readonly workerScript?: string;
  /** @internal Tests: how long to wait for a claimed job before reading it here (plus 2 s per MiB). */
  readonly workerWaitMs?: number;
  /** @internal Tests: false leaves every job to the workers (this thread reads only what they do not answer). */
  readonly readHere?: boolean;
}

/** @internal How the last loadPaths read its files: threads used, and how many files workers read. */
export const lastLoad = { threads: 1, readByWorkers: 0 };

/** The path that means standard input. */
export const STDIN = '-';
const STDIN_NAME = '<stdin>';

const IGNORED_DIRS = new Set(['node_modules', '.git']);

/** Larger files are refused: no manifest is that big, and reading one would take minutes. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/**
 * Objects nest no deeper than this (Go's JSON decoder, which kubectl uses, stops at 10,000). The
 * YAML library builds documents recursively and runs out of stack somewhere from 800 levels on,
 * at a depth that depends on the thread's stack and on how warm the code is: a document is
 * measured before it is built, so that the answer depends on the document alone.
 */
export const MAX_DEPTH = 500;
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

/** Worker threads are started only for at least this many bytes of files: below it, starting them costs more than they save. */
export const PARALLEL_MIN_BYTES = 1024 * 1024;
/** The most threads that read files by default, the calling one included. */
const DEFAULT_MAX_JOBS = 8;
/** The most threads `jobs` may ask for. */
export const MAX_JOBS = 64;

/** How a path is shown: relative to the display root when it is below it. */
function displayPath(displayRoot: string, p: string): string {
  const rel = path.relative(displayRoot, p);
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p).split(path.sep).join('/');
}

/** A file the walk found, to read: on this thread or on a worker's. */
export interface ReadJob {
  readonly file: string;
  readonly shown: string;
  readonly kind: FileKind;
  readonly size: number;
}

/** A document read as an object to check, before it is tied to its file: the object and where its fields are. */
interface ReadObject {
  readonly object: AuditInput['object'];
  readonly line: number;
  readonly lines: LineTree;
}

/**
 * What reading one file (or standard input) gives, as plain data that a worker thread can post:
 * its objects, Dockerfile, problems and skipped documents, in the order they are met.
 */
export interface ReadResult {
  readonly objects: ReadObject[];
  readonly dockerfiles: string[];
  readonly problems: InputProblem[];
  readonly skipped: SkippedDocument[];
  /** 1 when the file was read as text, 0 when it could not be. */
  readonly files: number;
}

function emptyResult(): ReadResult {
  return { objects: [], dockerfiles: [], problems: [], skipped: [], files: 0 };
}

function decode(shown: string, buf: Buffer, into: ReadResult): string | undefined {
  if (buf.includes(0)) {
    into.problems.push({ file: shown, message: 'binary file (it contains NUL bytes); expected YAML, JSON or a Dockerfile' });
    return undefined;
  }
  try {
    return UTF8.decode(buf).replace(/^\uFEFF/, '');
  } catch {
    into.problems.push({ file: shown, message: 'not UTF-8 text (a binary file, or text in another encoding); expected YAML, JSON or a Dockerfile' });
    return undefined;
  }
}

function take(shown: string, text: string, kind: FileKind, into: ReadResult, helmChart?: string): void {
  (into as { files: number }).files++;
  if (kind === 'dockerfile') into.dockerfiles.push(text);
  else if (helmChart) into.skipped.push({ file: shown, line: 1, reason: `a template of the Helm chart ${helmChart}: render it (helm template ${helmChart} | cdk8s-prod check -) and check what it renders` });
  else parseInto(shown, text, into);
}

/** Reads and parses one file the walk found. What it gives depends on the file alone, not on the thread. */
export function readJob(job: ReadJob, displayRoot: string): ReadResult {
  const into = emptyResult();
  let buf: Buffer;
  try {
    buf = fs.readFileSync(job.file);
  } catch (e) {
    into.problems.push({ file: job.shown, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    return into;
  }
  const text = decode(job.shown, buf, into);
  if (text === undefined) return into;
  const chart = job.kind === 'manifest' ? helmChartOf(job.file) : undefined;
  take(job.shown, text, job.kind, into, chart === undefined ? undefined : displayPath(displayRoot, chart));
  return into;
}

/** What the walk meets, in order: something it reports itself, or a file to read (an index into the jobs). */
type Slot = { problem: InputProblem } | { skipped: SkippedDocument } | { job: number } | { stdin: ReadResult };

/**
 * Reads files and folders (and `-`, standard input). A file named explicitly is read whatever its
 * name; a folder contributes its YAML, JSON and Dockerfiles (not node_modules or .git), following
 * symbolic links (each file and folder is read once, however many links lead to it). The walk
 * runs here; the files it finds are read and parsed here or on worker threads (`jobs`), and what
 * they give is put back in the walk's order.
 */
export function loadPaths(paths: readonly string[], displayRoot = process.cwd(), options: LoadOptions = {}): LoadedFiles {
  const slots: Slot[] = [];
  const jobs: ReadJob[] = [];
  const display = (p: string) => displayPath(displayRoot, p);
  /** Real path → how it was first shown, so that a link to a file read already reads nothing twice. */
  const readFiles = new Map<string, string>();
  const walkedDirs = new Set<string>();
  const problem = (file: string, message: string) => slots.push({ problem: { file, message } });
  // Worker threads take some 100 ms to start: they start as soon as the walk has found enough to
  // read for them (readJobs would use them), while it goes on walking.
  const wanted = threadsWanted(options);
  const minBytes = options.parallelMinBytes ?? PARALLEL_MIN_BYTES;
  let bytes = 0;
  let workers: StartedWorker[] | undefined;

  const readOne = (file: string, kind: FileKind, st: fs.Stats) => {
    const shown = display(file);
    if (!st.isFile()) {
      const what = st.isFIFO() ? 'a named pipe' : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : st.isSocket() ? 'a socket' : 'not a file';
      problem(shown, `not a regular file (${what}); name a file or a folder, or - for standard input`);
      return;
    }
    if (st.size > MAX_FILE_BYTES) {
      problem(shown, `${(st.size / 1024 / 1024).toFixed(0)} MiB is more than a manifest file may hold (${MAX_FILE_BYTES / 1024 / 1024} MiB)`);
      return;
    }
    const real = fs.realpathSync(file);
    const first = readFiles.get(real);
    if (first !== undefined) {
      slots.push({ skipped: { file: shown, line: 1, reason: `the same file as ${first} (a symbolic link), which is checked` } });
      return;
    }
    readFiles.set(real, shown);
    slots.push({ job: jobs.length });
    jobs.push({ file, shown, kind, size: st.size });
    bytes += st.size;
    if (wanted > 1 && workers === undefined && jobs.length >= 2 && bytes >= minBytes) {
      workers = startWorkers(wanted - 1, options.workerScript);
    }
  };

  const walk = (dir: string) => {
    const real = fs.realpathSync(dir);
    if (walkedDirs.has(real)) return;
    walkedDirs.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problem(display(dir), `cannot read folder: ${(e as NodeJS.ErrnoException).code}`);
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      let st: fs.Stats;
      try {
        // A symbolic link is what it points at.
        st = e.isSymbolicLink() ? fs.statSync(p) : fs.lstatSync(p);
      } catch (err) {
        problem(display(p), `a symbolic link to nothing (${(err as NodeJS.ErrnoException).code}): ${fs.readlinkSync(p)}`);
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

  try {
    for (const p of paths) {
      if (p === STDIN) {
        if (!options.stdin) {
          problem(STDIN_NAME, 'standard input is not available here');
          continue;
        }
        const into = emptyResult();
        const text = decode(STDIN_NAME, options.stdin(), into);
        if (text !== undefined) take(STDIN_NAME, text, /^\s*FROM\s/im.test(text) && !/^\s*(apiVersion|kind)\s*:/m.test(text) ? 'dockerfile' : 'manifest', into);
        slots.push({ stdin: into });
        continue;
      }
      const abs = path.resolve(p);
      let st: fs.Stats;
      try {
        st = fs.statSync(abs);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        problem(display(abs), code === 'ENOENT' && fs.existsSync(path.dirname(abs)) && isBrokenLink(abs) ? `a symbolic link to nothing: ${fs.readlinkSync(abs)}` : 'no such file or folder');
        continue;
      }
      if (st.isDirectory()) walk(abs);
      else readOne(abs, isDockerfileName(abs) ? 'dockerfile' : 'manifest', st);
    }
  } catch (e) {
    // Workers started for a walk that failed must not wait for ever.
    for (const w of workers ?? []) stopWorker(w);
    throw e;
  }

  const read = readJobs(jobs, displayRoot, options, workers ?? []);
  const result: LoadedFiles = { manifests: [], dockerfiles: [], problems: [], skipped: [], files: 0 };
  const add = (r: ReadResult, shown: string) => {
    for (const o of r.objects) result.manifests.push(auditInput(shown, o));
    for (const text of r.dockerfiles) result.dockerfiles.push({ file: shown, text });
    result.problems.push(...r.problems);
    result.skipped.push(...r.skipped);
    (result as { files: number }).files += r.files;
  };
  for (const slot of slots) {
    if ('problem' in slot) result.problems.push(slot.problem);
    else if ('skipped' in slot) result.skipped.push(slot.skipped);
    else if ('stdin' in slot) add(slot.stdin, STDIN_NAME);
    else add(read[slot.job], jobs[slot.job].shown);
  }
  return result;
}

/** Whether `n` is a number of threads `jobs` may ask for. */
export function isJobs(n: unknown): n is number {
  return Number.isInteger(n) && (n as number) >= 1 && (n as number) <= MAX_JOBS;
}

/** How many threads may read files, the calling one included. */
function threadsWanted(options: LoadOptions): number {
  const wanted = options.jobs ?? Math.min(DEFAULT_MAX_JOBS, os.availableParallelism());
  if (!isJobs(wanted)) throw new Error(`jobs must be a whole number of threads from 1 to ${MAX_JOBS}; got ${String(options.jobs)}`);
  return wanted;
}

/** What a worker thread is given: the jobs, and the shared counters that hand them out. */
export interface WorkerInput {
  readonly jobs: readonly ReadJob[];
  readonly displayRoot: string;
  /** [0]: the next job to claim; claimed by Atomics.add, by every thread. */
  readonly next: SharedArrayBuffer;
  /** One Int32 per job, set to 1 once its result is posted. */
  readonly posted: SharedArrayBuffer;
}

/** What a worker posts for a job: its result, or the error that reading it threw. */
export type WorkerMessage = { readonly job: number; readonly result: ReadResult } | { readonly job: number; readonly error: string };

/** A started worker thread, and this thread's end of the channel it posts its results on. */
interface StartedWorker {
  readonly worker: Worker;
  readonly port: MessagePort;
}

/**
 * Reads the jobs, each on whichever thread claims it first: this one and the workers the walk
 * started (none when it found too little to read). This thread reads any job whose worker posts
 * an error or does not answer in time (one that died): the result of a job is `readJob`'s
 * whichever thread ran it.
 */
function readJobs(jobs: readonly ReadJob[], displayRoot: string, options: LoadOptions, started: readonly StartedWorker[]): ReadResult[] {
  const used = started.slice(0, jobs.length - 1);
  const results: Array<ReadResult | undefined> = new Array(jobs.length);
  try {
    for (const w of started.slice(used.length)) stopWorker(w);
    lastLoad.threads = used.length + 1;
    lastLoad.readByWorkers = 0;
    if (used.length === 0) return jobs.map((j) => readJob(j, displayRoot));
    const next = new SharedArrayBuffer(4);
    const posted = new SharedArrayBuffer(4 * jobs.length);
    const nextJob = new Int32Array(next);
    const postedFlags = new Int32Array(posted);
    const input: WorkerInput = { jobs, displayRoot, next, posted };
    for (const w of used) w.port.postMessage(input);
    const drain = () => {
      for (const { port } of used) {
        for (;;) {
          let message: WorkerMessage;
          try {
            const m = receiveMessageOnPort(port);
            if (m === undefined) break;
            message = m.message as WorkerMessage;
          } catch {
            // A result this thread cannot take in (it is read here instead, as any unanswered job).
            continue;
          }
          if ('result' in message && results[message.job] === undefined) {
            results[message.job] = message.result;
            lastLoad.readByWorkers++;
          }
        }
      }
    };
    if (options.readHere !== false) {
      for (let i = Atomics.add(nextJob, 0, 1); i < jobs.length; i = Atomics.add(nextJob, 0, 1)) {
        results[i] = readJob(jobs[i], displayRoot);
      }
    }
    for (let i = 0; i < jobs.length; i++) {
      if (results[i] !== undefined) continue;
      // A worker claimed it: wait for it, but not for ever (a worker that ran out of memory never posts).
      const deadline = Date.now() + (options.workerWaitMs ?? 10_000) + 2_000 * (jobs[i].size / (1024 * 1024));
      for (let left = deadline - Date.now(); Atomics.load(postedFlags, i) === 0 && left > 0; left = deadline - Date.now()) {
        Atomics.wait(postedFlags, i, 0, left);
      }
      drain();
      results[i] ??= readJob(jobs[i], displayRoot);
    }
    return results as ReadResult[];
  } finally {
    for (const w of used) stopWorker(w);
  }
}

function stopWorker({ worker, port }: StartedWorker): void {
  port.close();
  void worker.terminate();
}

/**
 * Starts worker threads that wait for the jobs, then claim and read them until none is left. The
 * compiled package runs load-worker.js; from the TypeScript sources (tests, the bench under
 * ts-node) the worker registers ts-node first. A worker that cannot start claims nothing, and
 * this thread reads its share.
 */
function startWorkers(count: number, script = path.join(__dirname, `load-worker${path.extname(__filename)}`)): StartedWorker[] {
  const fromSources = script.endsWith('.ts');
  const started: StartedWorker[] = [];
  for (let w = 0; w < count; w++) {
    const { port1, port2 } = new MessageChannel();
    try {
      const worker = new Worker(fromSources ? `require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(script)});` : script, {
        eval: fromSources, workerData: { port: port2 }, transferList: [port2], stdout: true, stderr: true,
      });
      worker.unref();
      // A worker's failure is this thread's to make up for (it reads what the worker did not), not a crash.
      worker.on('error', () => undefined);
      started.push({ worker, port: port1 });
    } catch {
      port1.close();
      break;
    }
  }
  return started;
}

/** An object read from a file, with the lookup of its fields' lines that findings use. */
function auditInput(file: string, o: ReadObject): AuditInput {
  return { object: o.object, source: { file, line: o.line, lineOf: (p) => lineOfTree(o.lines, p) } };
}

function isBrokenLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * A plain scalar as go-yaml v2 (kubectl, Argo CD, Flux) resolves it to a number, or undefined
 * when go-yaml keeps it a string. go-yaml drops every underscore, then tries Go's ParseInt and
 * ParseUint with base prefixes (`0x`, `0o`, `0b`, a leading `0` for octal), then a decimal float;
 * it has no base 60 (`1:20` is a string) and reads `.` and `._5` as strings. The `yaml` library's
 * YAML 1.1 numbers differ on all of these: `-_0` would be a string to `check` and 0 to kubectl.
 */
export function goYamlNumber(s: string): number | undefined {
  const first = s[0];
  if (first === '.') return /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(s) ? Number(s) : undefined;
  if (first === undefined || !/[-+0-9]/.test(first)) return undefined;
  const plain = s.replace(/_/g, '');
  const int = /^([-+]?)(?:0([xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)|0([0-7]*)|([1-9][0-9]*))$/.exec(plain);
  if (int) {
    const [, sign, prefixed, octal, decimal] = int;
    const magnitude = BigInt(prefixed !== undefined ? `0${prefixed.toLowerCase()}` : octal !== undefined ? (octal === '' ? '0' : `0o${octal}`) : decimal);
    const value = sign === '-' ? -magnitude : magnitude;
    // ParseInt's int64, or (no sign) ParseUint's uint64; past both, Go tries it as a float below.
    if ((value >= -(2n ** 63n) && value < 2n ** 63n) || (sign === '' && value < 2n ** 64n)) return Number(value);
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(plain)) {
    const f = Number(plain);
    // Go's ParseFloat fails on an overflow, and go-yaml keeps the string.
    return Number.isFinite(f) ? f : undefined;
  }
  return undefined;
}

const INT = 'tag:yaml.org,2002:int';
const FLOAT = 'tag:yaml.org,2002:float';

/** The YAML 1.1 tags with go-yaml's numbers in place of the `yaml` library's (its `.inf` and `.nan` stay: go-yaml has the same). */
function goYamlTags(tags: Tags): Tags {
  const test = { test: (v: string) => goYamlNumber(v) !== undefined } as unknown as RegExp;
  const resolve = (v: string) => goYamlNumber(v) ?? v;
  const numbers: ScalarTag[] = [{ tag: INT, default: true, test, resolve }, { tag: FLOAT, resolve }];
  // The 1.1 schema hands its tags as objects (names are for the customTags option itself).
  const isNumber = (t: Tags[number]) => typeof t === 'object' && (t.tag === INT || t.tag === FLOAT) && !(t as ScalarTag).test?.test('.inf');
  // No other tag's test matches what go-yaml reads as a number, so where they go does not matter.
  return [...tags.filter((t) => !isNumber(t)), ...numbers];
}

/** How `check` reads YAML: the dialect kubectl reads (YAML 1.1, merge keys, go-yaml's numbers). */
export const KUBECTL_YAML = { prettyErrors: false, version: '1.1', merge: true, customTags: goYamlTags } as const;

type Into = Pick<LoadedFiles, 'manifests' | 'problems' | 'skipped'>;
type ReadInto = Pick<ReadResult, 'objects' | 'problems' | 'skipped'>;

/** What a document that is not a Kubernetes object to check is, or undefined when it is one. */
function skipReason(value: unknown): string | undefined {
  if (!isK8sObject(value)) {
    if (Array.isArray(value)) return undefined;
    return 'not a Kubernetes object (no apiVersion and kind)';
  }
  return notClusterObject(value);
}

/** Adds one document's value, judging whether it is an object to check. */
function addDocument(file: string, line: number, value: unknown, lines: LineTree, into: ReadInto): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    // kubectl decodes each document into an object: a top-level list is refused as a whole.
    into.problems.push({ file, line, message: 'the document is a list, not an object: kubectl cannot read it (write the objects as documents, or as the items of a kind: List)' });
    return;
  }
  const reason = skipReason(value);
  if (reason !== undefined) into.skipped.push({ file, line, reason });
  else into.objects.push({ object: value as AuditInput['object'], line, lines });
}

/**
 * Parses a (multi-document) YAML text or a JSON stream into objects that know their lines. Like
 * kubectl, a text whose first character (after spaces) is `{` is JSON, read with JSON's rules (no
 * comments); anything else is YAML 1.1.
 */
export function parseManifests(file: string, text: string, into: Into): void {
  const read: ReadInto = { objects: [], problems: into.problems, skipped: into.skipped };
  parseInto(file, text, read);
  for (const o of read.objects) into.manifests.push(auditInput(file, o));
}

function parseInto(file: string, text: string, into: ReadInto): void {
  if (/^\s*\{/.test(text)) parseJsonStream(file, text, into);
  else parseYaml(file, text, into);
}

function parseYaml(file: string, text: string, into: ReadInto): void {
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  /** Document offset → how deep it nests, for the documents too deep to build. */
  const tooDeep = new Map<number, number>();
  try {
    // YAML 1.1, as kubectl reads manifests: `yes`/`on` are booleans and `<<` merges maps. Read as
    // YAML 1.2, `hostNetwork: yes` would be a string and slip past the host-namespace rules.
    // Duplicate keys are found below in linear time (the library's own check is quadratic).
    // This is the library's parseAllDocuments, with each document's syntax measured (without
    // recursion) before the composer builds it: one too deep is composed empty, and refused below.
    const composer = new Composer({ ...KUBECTL_YAML, uniqueKeys: false });
    const measured = function* (tokens: Generator<CST.Token>): Generator<CST.Token> {
      for (const token of tokens) {
        const depth = token.type === 'document' && token.value ? syntaxDepth(token.value) : 0;
        if (depth > MAX_DEPTH && token.type === 'document') {
          tooDeep.set(token.offset, depth);
          yield { ...token, value: undefined };
        } else {
          yield token;
        }
      }
    };
    docs = Array.from(composer.compose(measured(new Parser(lineCounter.addNewLine).parse(text)))) as Document.Parsed[];
  } catch (e) {
    into.problems.push({ file, message: `cannot parse: ${(e as Error).message}` });
    return;
  }
  const docList = Array.isArray(docs) ? docs : [docs];
  const template = /\{\{[^}]*\}\}/.test(text);
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  for (const doc of docList) {
    const docLine = lineAt(doc.range?.[0] ?? 0);
    const depth = tooDeep.get(doc.range?.[0] ?? -1);
    if (depth !== undefined) {
      into.problems.push({ file, line: docLine, message: `the document nests ${depth} levels deep, more than ${MAX_DEPTH}: no manifest is this deep` });
      continue;
    }
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      const line = err.linePos?.[0]?.line ?? lineAt(err.pos[0]);
      const hint = template ? ' (the file holds {{ … }}: a Helm or Go template is not YAML until it is rendered; check what it renders, e.g. helm template … | cdk8s-prod check -)' : '';
      into.problems.push({ file, line, message: `YAML syntax error: ${err.message.split('\n')[0]}${hint}` });
      continue;
    }
    const templated = template ? templateNode(doc, text, lineAt) : undefined;
    const scan = templated ? undefined : scanDocument(doc, lineAt);
    const problem: { line?: number; message: string } | undefined = templated
      ?? scan!.duplicate ?? (scan!.hasAlias ? aliasBomb(doc) : undefined);
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
    addDocument(file, docLine, value, scan!.lines, into);
  }
}

/** How deep a document's syntax nests (mappings and sequences, block or flow), walked without recursion. */
function syntaxDepth(root: CST.Token): number {
  let max = 0;
  // Two stacks rather than one of pairs: this runs over every node of every document.
  const tokens: CST.Token[] = [root];
  const depths: number[] = [1];
  while (tokens.length > 0) {
    const token = tokens.pop()!;
    const depth = depths.pop()!;
    if (!('items' in token)) continue;
    if (depth > max) max = depth;
    for (const item of token.items as Array<{ key?: CST.Token | null; value?: CST.Token }>) {
      if (item.key && 'items' in item.key) {
        tokens.push(item.key);
        depths.push(depth + 1);
      }
      if (item.value && 'items' in item.value) {
        tokens.push(item.value);
        depths.push(depth + 1);
      }
    }
  }
  return max;
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

/**
 * Where each field of a document is, as plain data (a worker thread posts it with the object):
 * a line, or a line and what the mapping (by key) or the sequence (by index) under it holds. A
 * mapping's entry has its key's line; 0 is no line (the line of the field above is kept).
 */
export type LineTree = number | [number, LineChildren];
type LineChildren = { [key: string]: LineTree } | Array<LineTree | null>;

/** What one pass over a parsed document finds: the first key a mapping holds twice, whether it has aliases, and its line tree. */
interface DocumentScan {
  readonly duplicate?: { line?: number; message: string };
  readonly hasAlias: boolean;
  readonly lines: LineTree;
}

/**
 * One pass over a document, in the order `visit` would take (a mapping's own keys before what it
 * holds, a pair's key before its value; aliases are not followed). kubectl refuses a document
 * whose mapping holds a key twice.
 */
function scanDocument(doc: Document.Parsed, lineAt: (offset: number) => number): DocumentScan {
  let duplicate: DocumentScan['duplicate'];
  let hasAlias = false;
  const lineOf = (node: unknown) => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lineAt(range[0]) : 0;
  };
  const entry = (line: number, children: LineChildren | undefined): LineTree => (children === undefined ? line : [line, children]);
  const scan = (node: unknown): LineChildren | undefined => {
    if (duplicate !== undefined) return undefined;
    if (isAlias(node)) {
      hasAlias = true;
      return undefined;
    }
    if (isMap(node)) {
      const keys = new Set<string>();
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const k = String(pair.key.value);
        // Merge keys may repeat (`<<: *a` then `<<: *b`); the library merges them.
        if (k === '<<' && (pair.key as { type?: string }).type === 'PLAIN') continue;
        if (keys.has(k)) {
          duplicate = { line: lineOf(pair.key) || undefined, message: `YAML syntax error: Map keys must be unique ("${k}" is given twice)` };
          return undefined;
        }
        keys.add(k);
      }
      const children: { [key: string]: LineTree } = Object.create(null);
      for (const pair of node.items) {
        if (!isScalar(pair.key)) {
          // A complex key (`? {a: 1}`) has no field path, but may hold a repeated key or an alias.
          scan(pair.key);
          scan(pair.value);
          if (duplicate !== undefined) return undefined;
          continue;
        }
        const k = String(pair.key.value);
        const value = scan(pair.value);
        if (duplicate !== undefined) return undefined;
        // The first entry of a key is the one a field path finds (only merge keys can repeat).
        if (!Object.prototype.hasOwnProperty.call(children, k)) children[k] = entry(lineOf(pair.key), value);
      }
      return children;
    }
    if (isSeq(node)) {
      const items: Array<LineTree | null> = [];
      for (const item of node.items) {
        const value = scan(item);
        if (duplicate !== undefined) return undefined;
        items.push(item ? entry(lineOf(item), value) : null);
      }
      return items;
    }
    return undefined;
  };
  const root = scan(doc.contents);
  return { duplicate, hasAlias, lines: entry(lineOf(doc.contents), root) };
}

/** The line of the deepest field of `p` that the document has (the key's line for mapping entries). */
export function lineOfTree(tree: LineTree, p: FieldPath): number | undefined {
  let line = typeof tree === 'number' ? tree : tree[0];
  let node = typeof tree === 'number' ? undefined : tree[1];
  for (const seg of p) {
    let found: LineTree | null | undefined;
    if (Array.isArray(node)) {
      if (typeof seg !== 'number') break;
      found = node[seg];
    } else if (node !== undefined) {
      const k = String(seg);
      if (!Object.prototype.hasOwnProperty.call(node, k)) break;
      found = node[k];
    } else {
      break;
    }
    if (found === undefined || found === null) break;
    const l = typeof found === 'number' ? found : found[0];
    if (l > 0) line = l;
    node = typeof found === 'number' ? undefined : found[1];
  }
  return line > 0 ? line : undefined;
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
function parseJsonStream(file: string, text: string, into: ReadInto): void {
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
    const doc = parseDocument(value.text, { version: '1.2', uniqueKeys: false }) as Document.Parsed;
    const scan = scanDocument(doc, (o) => lineAt(value.start + o));
    if (scan.duplicate) {
      into.problems.push({ file, line: scan.duplicate.line, message: scan.duplicate.message.replace('YAML', 'JSON') });
      continue;
    }
    addDocument(file, lineAt(value.start), parsed, scan.lines, into);
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
