/**
 * `npm run bench`: what production-by-default costs at synth, and how fast `check` reads a GitOps repo.
 *
 * Part 1 builds N services two ways in this one process and synthesizes each to a temp folder:
 *  - ours:  a ProductionDeployment per service in a Chart with a namespace, under ProductionApp
 *           (construct validation + the rule catalogue + writing YAML, atomically);
 *  - plain: the same five objects per service as cdk8s-plus-28 L1 objects (KubeServiceAccount,
 *           KubeDeployment, KubePodDisruptionBudget, KubeService, KubeNetworkPolicy) under a plain
 *           cdk8s App (writing YAML only).
 * The L1 props are made from what one ProductionDeployment emits (its toJson(), templated per
 * service), and the first run checks that both sides write byte-identical manifests, so the two
 * sides produce the same objects. Each side runs several times per N, in alternating order after a
 * warm-up; the best run counts.
 *
 * Part 1b does the same with one service per Chart, for 100, 1,000 and 5,000 charts: cdk8s's own
 * Chart.toJson() validates the whole app once per chart, so a plain App's cost per object grows
 * with the number of charts (the plain side is not run above --plain-charts-max, 1,000 by default:
 * at 5,000 charts it takes minutes); ours must stay flat.
 *
 * Part 2 runs `cdk8s-prod check` in-process on the compiled package (lib/, as users get it: worker
 * threads need JavaScript) over a generated folder of YAML files: check() with one thread
 * (`jobs: 1`) and with the default threads, against the read and parse alone (loadPaths) as the
 * floor, on one thread and on the default threads; then the command itself, `cdk8s-prod check` in
 * fresh processes, with --jobs 1 and the default, and its peak RSS. Part 2b shows how check grows
 * with one mapping's size and with the number of files (on one thread: the parse's own linearity).
 *
 * Part 3 times the installed command's cold start: `cdk8s-prod --version` and a `check` of one small
 * file, each a fresh `node bin/cdk8s-prod.js` process (the compiled package, as users run it),
 * against `node -e ''` as the floor of any Node.js command.
 *
 * The last line printed is one JSON object with the headline numbers.
 *
 *   npm run bench                                   # N = 1000, 5000, 10000; 100/1000/5000 charts; check over 10,000 objects
 *   npm run bench -- --sizes 100,1000 --reps 3 --charts 10,100 --check-objects 5000
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { parseArgs } from 'util';
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Probe, ProductionDeployment, ProductionDeploymentProps } from '../constructs';
import * as auditModule from '../src/engine/audit';
import type * as checkModule from '../src/cli/check';
import type * as loadModule from '../src/cli/load';
import { K8sObject } from '../src/k8s/manifest';
import { AuditReport, ProductionApp } from '../src';

const OBJECTS_PER_SERVICE = 5;
const NAMESPACE = 'bench';
const TEMPLATE_NAME = 'tmpl-svc';

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

const liveness = Probe.http('/healthz', { port: 'http' });
const readiness = Probe.http('/ready', { port: 'http' });

/** The props of service i: a typical HTTP service with every production default. */
function serviceProps(name: string): ProductionDeploymentProps {
  return {
    name,
    image: 'registry.example.com/bench/svc:1.0.0',
    ports: [{ name: 'http', port: 8080, servicePort: 80 }],
    liveness,
    readiness,
    resources: 'small',
    partOf: 'bench',
  };
}

/** What one ProductionDeployment emits, in construct order: the template of the plain side. */
function templateObjects(): K8sObject[] {
  const app = new ProductionApp({ outdir: path.join(os.tmpdir(), 'unused'), onWarning: () => undefined });
  const chart = new Chart(app, 'bench', { namespace: NAMESPACE });
  new ProductionDeployment(chart, TEMPLATE_NAME, serviceProps(TEMPLATE_NAME));
  const objects = app.apiObjects().map((o) => o.toJson() as K8sObject);
  const kinds = objects.map((o) => o.kind).sort().join(',');
  if (objects.length !== OBJECTS_PER_SERVICE || kinds !== 'Deployment,NetworkPolicy,PodDisruptionBudget,Service,ServiceAccount') {
    throw new Error(`bench: expected the five objects of a ProductionDeployment, got ${kinds}`);
  }
  return objects;
}

/** A deep copy of a template JSON with every occurrence of the template's name replaced. */
function instantiate<T>(value: T, name: string): T {
  if (typeof value === 'string') return value.split(TEMPLATE_NAME).join(name) as T;
  if (Array.isArray(value)) return value.map((v) => instantiate(v, name)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = instantiate(v, name);
    return out as T;
  }
  return value;
}

const INT_OR_STRING_KEYS = new Set(['maxSurge', 'maxUnavailable', 'minAvailable', 'targetPort']);

/**
 * Turns emitted JSON back into L1 props: the generated L1 classes want IntOrString and Quantity
 * objects where the JSON holds plain numbers and strings (the first run proves the round trip).
 */
function toL1Props(kind: string, json: unknown, key = '', parentKey = ''): any {
  if (Array.isArray(json)) return json.map((v) => toL1Props(kind, v, key, parentKey));
  if (json !== null && typeof json === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(json)) {
      if (key === '' && (k === 'apiVersion' || k === 'kind')) continue;
      out[k] = toL1Props(kind, v, k, key);
    }
    return out;
  }
  const intOrString = (v: unknown) => (typeof v === 'number' ? k8s.IntOrString.fromNumber(v) : k8s.IntOrString.fromString(String(v)));
  const quantity = (v: unknown) => (typeof v === 'number' ? k8s.Quantity.fromNumber(v) : k8s.Quantity.fromString(String(v)));
  if (INT_OR_STRING_KEYS.has(key)) return intOrString(json);
  if (key === 'port' && (parentKey === 'httpGet' || parentKey === 'tcpSocket' || kind === 'NetworkPolicy')) return intOrString(json);
  if (parentKey === 'limits' || parentKey === 'requests' || key === 'sizeLimit') return quantity(json);
  return json;
}

const L1: Record<string, new (scope: Chart, id: string, props: any) => ApiObject> = {
  ServiceAccount: k8s.KubeServiceAccount,
  Deployment: k8s.KubeDeployment,
  PodDisruptionBudget: k8s.KubePodDisruptionBudget,
  Service: k8s.KubeService,
  NetworkPolicy: k8s.KubeNetworkPolicy,
};

interface PlainInput { readonly kind: string; readonly props: unknown }

/** The plain side's objects for one service: the template's, as L1 props. */
function plainService(template: readonly K8sObject[], name: string): PlainInput[] {
  return template.map((t) => ({ kind: t.kind, props: toL1Props(t.kind, instantiate(t, name)) }));
}

// ---------------------------------------------------------------------------------------------
// Measurement
// ---------------------------------------------------------------------------------------------

const gc: () => void = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const now = () => performance.now();
const rssMb = () => process.memoryUsage().rss / 2 ** 20;

/** Times the rule engine (audit() of src/engine/audit.ts) wherever it is called from. */
let rulesMs = 0;
const realAudit = auditModule.audit;
(auditModule as { audit: typeof realAudit }).audit = (...args) => {
  const t = now();
  try {
    return realAudit(...args);
  } finally {
    rulesMs += now() - t;
  }
};

/** A ProductionApp that times its policing (construct validation, serialization, rules, Dockerfiles). */
class TimedProductionApp extends ProductionApp {
  public policeMs = 0;
  public report?: AuditReport;
  public audit(): AuditReport {
    const t = now();
    this.report = super.audit();
    this.policeMs += now() - t;
    return this.report;
  }
}

interface Run {
  readonly buildMs: number;
  readonly synthMs: number;
  /** ours: policing (validation, toJson, rules); plain: 0. */
  readonly policeMs: number;
  /** ours: the rule engine alone. */
  readonly rulesMs: number;
  readonly rssMb: number;
  readonly outdir: string;
}

let scratch = '';
let runCounter = 0;

function runOurs(inputs: readonly ProductionDeploymentProps[]): Run {
  const outdir = path.join(scratch, `ours-${runCounter++}`, 'dist');
  gc();
  rulesMs = 0;
  const t0 = now();
  const app = new TimedProductionApp({ outdir, recordConstructMetadata: false, onWarning: (m) => { throw new Error(`bench: unexpected warning ${m}`); } });
  const chart = new Chart(app, 'bench', { namespace: NAMESPACE });
  for (const props of inputs) new ProductionDeployment(chart, props.name!, props);
  const t1 = now();
  const rssBuilt = rssMb();
  app.synth();
  const t2 = now();
  const report = app.report!;
  if (report.findings.length > 0 || report.objects !== inputs.length * OBJECTS_PER_SERVICE) {
    throw new Error(`bench: ours produced ${report.objects} objects and ${report.findings.length} findings`);
  }
  return { buildMs: t1 - t0, synthMs: t2 - t1, policeMs: app.policeMs, rulesMs, rssMb: Math.max(rssBuilt, rssMb()), outdir };
}

function runPlain(inputs: readonly PlainInput[][]): Run {
  const outdir = path.join(scratch, `plain-${runCounter++}`, 'dist');
  gc();
  const t0 = now();
  const app = new App({ outdir, recordConstructMetadata: false });
  const chart = new Chart(app, 'bench', { namespace: NAMESPACE });
  inputs.forEach((service, i) => {
    for (const { kind, props } of service) new L1[kind](chart, `svc-${i}-${kind}`, props);
  });
  const t1 = now();
  const rssBuilt = rssMb();
  app.synth();
  const t2 = now();
  return { buildMs: t1 - t0, synthMs: t2 - t1, policeMs: 0, rulesMs: 0, rssMb: Math.max(rssBuilt, rssMb()), outdir };
}

/** The two sides must write the same manifests (ours adds kustomization.yaml). */
function assertSameOutput(ours: Run, plain: Run): void {
  const file = 'bench.k8s.yaml';
  const a = fs.readFileSync(path.join(ours.outdir, file), 'utf8').split('\n');
  const b = fs.readFileSync(path.join(plain.outdir, file), 'utf8').split('\n');
  const i = a.findIndex((line, j) => line !== b[j]);
  if (i >= 0 || a.length !== b.length) {
    const at = i >= 0 ? i : Math.min(a.length, b.length);
    throw new Error(`bench: the plain side does not write what ours writes: line ${at + 1} is ${JSON.stringify(a[at])} in ours, ${JSON.stringify(b[at])} in plain`);
  }
}

function cleanup(run: Run): void {
  fs.rmSync(path.dirname(run.outdir), { recursive: true, force: true });
}

interface SizeResult {
  readonly n: number;
  readonly objects: number;
  readonly ours: Run;
  readonly plain: Run;
}

const best = (runs: Run[]) => runs.reduce((a, b) => (b.buildMs + b.synthMs < a.buildMs + a.synthMs ? b : a));
const perS = (objects: number, ms: number) => objects / (ms / 1000);
const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function benchSize(n: number, reps: number, template: K8sObject[], verify: boolean, order: number): SizeResult {
  const names = Array.from({ length: n }, (_, i) => `svc-${i}`);
  const oursInputs = names.map(serviceProps);
  const plainInputs = names.map((name) => plainService(template, name));
  const ours: Run[] = [];
  const plain: Run[] = [];
  // A warm-up of each side (not counted) at this size, then alternating order.
  for (let r = -1; r < reps; r++) {
    const oursFirst = (r + order) % 2 === 0;
    const pair: Partial<Record<'ours' | 'plain', Run>> = {};
    for (const side of oursFirst ? ['ours', 'plain'] as const : ['plain', 'ours'] as const) {
      pair[side] = side === 'ours' ? runOurs(oursInputs) : runPlain(plainInputs);
    }
    if (verify && r === -1) assertSameOutput(pair.ours!, pair.plain!);
    cleanup(pair.ours!);
    cleanup(pair.plain!);
    if (r >= 0) {
      ours.push(pair.ours!);
      plain.push(pair.plain!);
    }
    const o = pair.ours!;
    const p = pair.plain!;
    log(`  N=${n} ${r < 0 ? 'warm-up' : `run ${r + 1}`} (${oursFirst ? 'ours first' : 'plain first'}): `
      + `ours build ${fmt(o.buildMs)} ms + synth ${fmt(o.synthMs)} ms (policing ${fmt(o.policeMs)}, rules ${fmt(o.rulesMs)}); `
      + `plain build ${fmt(p.buildMs)} ms + synth ${fmt(p.synthMs)} ms`);
  }
  return { n, objects: n * OBJECTS_PER_SERVICE, ours: best(ours), plain: best(plain) };
}

// ---------------------------------------------------------------------------------------------
// Part 1b: one service per chart
// ---------------------------------------------------------------------------------------------

interface ChartsResult {
  readonly charts: number;
  readonly objects: number;
  readonly oursMs: number;
  /** undefined when the plain side was not run (above --plain-charts-max). */
  readonly plainMs?: number;
}

function runOursCharts(inputs: readonly ProductionDeploymentProps[]): { ms: number; outdir: string } {
  const outdir = path.join(scratch, `ours-${runCounter++}`, 'dist');
  gc();
  const t0 = now();
  const app = new ProductionApp({ outdir, recordConstructMetadata: false, onWarning: (m) => { throw new Error(`bench: unexpected warning ${m}`); } });
  for (const props of inputs) new ProductionDeployment(new Chart(app, props.name!, { namespace: NAMESPACE }), props.name!, props);
  app.synth();
  const ms = now() - t0;
  if (app.lastWritten.length !== inputs.length * OBJECTS_PER_SERVICE) throw new Error(`bench: ours wrote ${app.lastWritten.length} objects`);
  return { ms, outdir };
}

function runPlainCharts(inputs: readonly PlainInput[][]): { ms: number; outdir: string } {
  const outdir = path.join(scratch, `plain-${runCounter++}`, 'dist');
  gc();
  const t0 = now();
  const app = new App({ outdir, recordConstructMetadata: false });
  inputs.forEach((service, i) => {
    const chart = new Chart(app, `svc-${i}`, { namespace: NAMESPACE });
    for (const { kind, props } of service) new L1[kind](chart, `svc-${i}-${kind}`, props);
  });
  app.synth();
  return { ms: now() - t0, outdir };
}

/** Both sides write one file per chart, with the same manifests. */
function assertSameCharts(ours: string, plain: string, charts: number): void {
  for (const i of [0, charts - 1]) {
    const file = `svc-${i}.k8s.yaml`;
    if (fs.readFileSync(path.join(ours, file), 'utf8') !== fs.readFileSync(path.join(plain, file), 'utf8')) {
      throw new Error(`bench: ${file} differs between ours and plain`);
    }
  }
}

function benchCharts(counts: readonly number[], plainMax: number, template: K8sObject[]): ChartsResult[] {
  const results: ChartsResult[] = [];
  for (const charts of counts) {
    const names = Array.from({ length: charts }, (_, i) => `svc-${i}`);
    const oursInputs = names.map(serviceProps);
    const plainInputs = charts <= plainMax ? names.map((name) => plainService(template, name)) : undefined;
    let oursMs = Infinity;
    let plainMs: number | undefined;
    // A warm-up, then two runs per side; the best run counts.
    for (let r = -1; r < 2; r++) {
      const ours = runOursCharts(oursInputs);
      const plain = plainInputs ? runPlainCharts(plainInputs) : undefined;
      if (r === -1 && plain) assertSameCharts(ours.outdir, plain.outdir, charts);
      fs.rmSync(path.dirname(ours.outdir), { recursive: true, force: true });
      if (plain) fs.rmSync(path.dirname(plain.outdir), { recursive: true, force: true });
      log(`  ${charts} charts ${r < 0 ? 'warm-up' : `run ${r + 1}`}: ours ${fmt(ours.ms)} ms; plain ${plain ? `${fmt(plain.ms)} ms` : `not run (more than --plain-charts-max ${plainMax})`}`);
      if (r >= 0) {
        oursMs = Math.min(oursMs, ours.ms);
        if (plain) plainMs = Math.min(plainMs ?? Infinity, plain.ms);
      }
    }
    results.push({ charts, objects: charts * OBJECTS_PER_SERVICE, oursMs, ...(plainMs !== undefined ? { plainMs } : {}) });
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// Part 2: check over a GitOps folder
// ---------------------------------------------------------------------------------------------

/** The compiled package's check and loader: worker threads run JavaScript, as users' installs do. */
function compiled(): { check: typeof checkModule.check; loadPaths: typeof loadModule.loadPaths; lastLoad: typeof loadModule.lastLoad } {
  const lib = path.join(ROOT, 'lib', 'src', 'cli');
  if (!fs.existsSync(path.join(lib, 'load-worker.js'))) throw new Error('bench: lib/ is missing; run `npm run build` first');
  /* eslint-disable @typescript-eslint/no-require-imports -- the compiled package, found at run time */
  const c = require(path.join(lib, 'check')) as typeof checkModule;
  const l = require(path.join(lib, 'load')) as typeof loadModule;
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { check: c.check, loadPaths: l.loadPaths, lastLoad: l.lastLoad };
}

interface CheckResult {
  readonly objects: number;
  readonly files: number;
  /** Threads the default run used. */
  readonly threads: number;
  readonly checkSerialMs: number;
  readonly checkMs: number;
  readonly parseSerialMs: number;
  readonly parseMs: number;
  /** `cdk8s-prod check` in a fresh process: median wall time and peak RSS, with --jobs 1 and the default. */
  readonly cliSerial: { ms: number; rssMb: number };
  readonly cli: { ms: number; rssMb: number };
}

/** Writes `services` one-service files into folders of 100, as a GitOps repository holds them. */
function writeGitopsFolder(dir: string, services: number, template: K8sObject[]): void {
  for (let i = 0; i < services; i++) {
    const name = `svc-${i}`;
    const folder = path.join(dir, `team-${Math.floor(i / 100)}`);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `${name}.k8s.yaml`), Yaml.stringify(...template.map((t) => instantiate(t, name))));
  }
}

function benchCheck(objects: number, reps: number, template: K8sObject[]): CheckResult {
  const { check, loadPaths, lastLoad } = compiled();
  const dir = path.join(scratch, 'gitops');
  const services = Math.ceil(objects / OBJECTS_PER_SERVICE);
  writeGitopsFolder(dir, services, template);
  const total = services * OBJECTS_PER_SERVICE;
  const bestOf = { parseSerialMs: Infinity, parseMs: Infinity, checkSerialMs: Infinity, checkMs: Infinity };
  let threads = 1;
  const timed = (f: () => void) => {
    gc();
    const t = now();
    f();
    return now() - t;
  };
  for (let r = -1; r < reps; r++) {
    const times = {
      parseSerialMs: timed(() => {
        const loaded = loadPaths([dir], scratch, { jobs: 1 });
        if (loaded.manifests.length !== total) throw new Error(`bench: loadPaths read ${loaded.manifests.length} objects, expected ${total}`);
      }),
      parseMs: timed(() => {
        const loaded = loadPaths([dir], scratch);
        if (loaded.manifests.length !== total) throw new Error(`bench: loadPaths read ${loaded.manifests.length} objects, expected ${total}`);
      }),
      checkSerialMs: timed(() => assertClean(check([dir], scratch, {}, { jobs: 1 }), total)),
      checkMs: timed(() => assertClean(check([dir], scratch), total)),
    };
    threads = lastLoad.threads;
    log(`  check ${r < 0 ? 'warm-up' : `run ${r + 1}`}: parse ${fmt(times.parseSerialMs)} ms on 1 thread, ${fmt(times.parseMs)} ms on ${threads}; `
      + `check ${fmt(times.checkSerialMs)} ms on 1 thread, ${fmt(times.checkMs)} ms on ${threads}`);
    if (r >= 0) for (const k of Object.keys(bestOf) as Array<keyof typeof bestOf>) bestOf[k] = Math.min(bestOf[k], times[k]);
  }
  const cliSerial = cliCheck(dir, ['--jobs', '1'], 3);
  const cli = cliCheck(dir, [], 3);
  log(`  cdk8s-prod check in a fresh process (median of 3): ${fmt(cliSerial.ms)} ms with --jobs 1 (peak RSS ${fmt(cliSerial.rssMb)} MB), `
    + `${fmt(cli.ms)} ms by default (peak RSS ${fmt(cli.rssMb)} MB)`);
  return { objects: total, files: services, threads, ...bestOf, cliSerial, cli };
}

function assertClean(result: ReturnType<typeof checkModule.check>, total: number): void {
  if (result.report.objects !== total || result.report.findings.length > 0 || result.problems.length > 0) {
    throw new Error(`bench: check saw ${result.report.objects} objects, ${result.report.findings.length} findings, ${result.problems.length} problems`);
  }
}

/** `cdk8s-prod check` of a folder in fresh processes: the median wall time, and the largest peak RSS (a preloaded exit hook reports it). */
function cliCheck(dir: string, args: string[], runs: number): { ms: number; rssMb: number } {
  const hook = path.join(scratch, 'rss-hook.js');
  fs.writeFileSync(hook, "process.on('exit', () => require('fs').writeSync(2, `\\nbench-rss ${process.resourceUsage().maxRSS}\\n`));\n");
  const times: number[] = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    const t = now();
    const r = spawnSync(process.execPath, ['-r', hook, BIN, 'check', dir, '--format', 'json', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
    times.push(now() - t);
    if (r.status !== 0) throw new Error(`bench: cdk8s-prod check ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
    const kb = Number(/bench-rss (\d+)/.exec(r.stderr)?.[1]);
    rss = Math.max(rss, kb / 1024);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], rssMb: rss };
}

/**
 * How `check` grows with its input: one ConfigMap whose data mapping is 1, 2, 4 and 8 MB, and
 * 250, 500, 1,000 and 2,000 files of one service each. Linear is a flat cost per MB and per file.
 */
function benchCheckScaling(): { perMb: Array<{ mb: number; ms: number }>; perFiles: Array<{ files: number; ms: number }> } {
  const { check } = compiled();
  const template = templateObjects();
  const perMb: Array<{ mb: number; ms: number }> = [];
  for (const mb of [1, 2, 4, 8]) {
    const dir = path.join(scratch, `mapping-${mb}`);
    fs.mkdirSync(dir, { recursive: true });
    const n = Math.round((mb * 1024 * 1024) / 50);
    const keys = Array.from({ length: n }, (_, i) => `  key-${i}: "${'v'.repeat(36)}"`);
    fs.writeFileSync(path.join(dir, 'big.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: bench}\nimmutable: true\ndata:\n${keys.join('\n')}\n`);
    let fastest = Infinity;
    for (let r = 0; r < 2; r++) {
      gc();
      const t = now();
      const result = check([dir], scratch, {}, { jobs: 1 });
      fastest = Math.min(fastest, now() - t);
      if (result.report.objects !== 1 || result.problems.length > 0) throw new Error(`bench: the ${mb} MB mapping was not read as one object`);
    }
    perMb.push({ mb, ms: fastest });
  }
  const perFiles: Array<{ files: number; ms: number }> = [];
  for (const files of [250, 500, 1000, 2000]) {
    const dir = path.join(scratch, `files-${files}`);
    fs.mkdirSync(dir, { recursive: true });
    for (let i = 0; i < files; i++) fs.writeFileSync(path.join(dir, `svc-${i}.k8s.yaml`), Yaml.stringify(...template.map((t) => instantiate(t, `svc-${i}`))));
    gc();
    const t = now();
    const result = check([dir], scratch, {}, { jobs: 1 });
    perFiles.push({ files, ms: now() - t });
    if (result.report.objects !== files * OBJECTS_PER_SERVICE) throw new Error(`bench: check read ${result.report.objects} objects of ${files} files`);
  }
  return { perMb, perFiles };
}

function logCheckScaling(c: ReturnType<typeof benchCheckScaling>): void {
  log(`  one mapping of 1/2/4/8 MB: ${c.perMb.map((x) => `${fmt(x.ms)} ms`).join(', ')}; per MB: ${c.perMb.map((x) => fmt(x.ms / x.mb)).join(', ')} ms (flat when linear)`);
  log(`  250/500/1000/2000 files: ${c.perFiles.map((x) => `${fmt(x.ms)} ms`).join(', ')}; per file: ${c.perFiles.map((x) => fmt(x.ms / x.files, 2)).join(', ')} ms (flat when linear)`);
}

// ---------------------------------------------------------------------------------------------
// Part 3: the command's cold start

interface ColdStart {
  readonly nodeMs: number;
  readonly versionMs: number;
  readonly checkMs: number;
}

const ROOT = path.join(__dirname, '..');
const COLD_START_RUNS = 15;
const BIN = path.join(ROOT, 'bin', 'cdk8s-prod.js');

/** The median wall time of `runs` fresh processes of `node <args>`. */
function medianSpawnMs(args: string[], runs: number, expectStatus: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
    times.push(now() - t);
    if (r.status !== expectStatus) throw new Error(`bench: node ${args.join(' ')} exited ${r.status}, expected ${expectStatus}`);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function benchColdStart(runs: number): ColdStart {
  if (!fs.existsSync(path.join(ROOT, 'lib', 'src', 'cli', 'main.js'))) throw new Error('bench: lib/ is missing; run `npm run build` first');
  return {
    nodeMs: medianSpawnMs(['-e', ''], runs, 0),
    versionMs: medianSpawnMs([BIN, '--version'], runs, 0),
    // The workshop's unbounded Job: one small file with error findings (exit 1).
    checkMs: medianSpawnMs([BIN, 'check', 'test/workshop/bad-job.yaml'], runs, 1),
  };
}

function logColdStart(c: ColdStart, runs: number): void {
  log(`  median of ${runs} fresh processes: \`node -e ''\` ${fmt(c.nodeMs)} ms; \`cdk8s-prod --version\` ${fmt(c.versionMs)} ms; `
    + `\`cdk8s-prod check\` of one small file ${fmt(c.checkMs)} ms`);
}

// ---------------------------------------------------------------------------------------------

function log(s: string): void {
  process.stdout.write(`${s}\n`);
}

function parseSizes(text: string): number[] {
  const sizes = text.split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes: a comma-separated list of positive integers');
  return sizes;
}

/** Runs one side only (no comparison), for a CPU profile of it. */
function profileOnly(side: 'ours' | 'plain' | 'check' | 'cli' | 'check-scaling', sizes: number[], checkObjects: number): void {
  if (side === 'cli') return logColdStart(benchColdStart(COLD_START_RUNS), COLD_START_RUNS);
  if (side === 'check-scaling') {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-bench-'));
    try {
      return logCheckScaling(benchCheckScaling());
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-bench-'));
  try {
    const template = templateObjects();
    if (side === 'check') {
      benchCheck(checkObjects, 1, template);
      return;
    }
    for (const n of sizes) {
      const names = Array.from({ length: n }, (_, i) => `svc-${i}`);
      const run = side === 'ours'
        ? runOurs(names.map(serviceProps))
        : runPlain(names.map((name) => plainService(template, name)));
      log(`${side} N=${n}: build ${fmt(run.buildMs)} ms, synth ${fmt(run.synthMs)} ms (policing ${fmt(run.policeMs)}, rules ${fmt(run.rulesMs)})`);
      cleanup(run);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function main(): void {
  const { values } = parseArgs({
    options: {
      'sizes': { type: 'string', default: '1000,5000,10000' },
      // Timed runs per side and size, after a warm-up; by default more for small N, whose runs are short and noisy.
      'reps': { type: 'string' },
      'charts': { type: 'string', default: '100,1000,5000' },
      'plain-charts-max': { type: 'string', default: '1000' },
      'check-objects': { type: 'string', default: '10000' },
      // For profiling one side: `node --cpu-prof -r ts-node/register/transpile-only scripts/bench.ts --only ours`.
      'only': { type: 'string' },
    },
  });
  const only = values.only as string | undefined;
  if (only !== undefined && !['ours', 'plain', 'check', 'cli', 'check-scaling'].includes(only)) throw new Error('--only: ours, plain, check, check-scaling or cli');
  if (only !== undefined) return profileOnly(only as Parameters<typeof profileOnly>[0], parseSizes(values.sizes as string), Number(values['check-objects']));
  const sizes = parseSizes(values.sizes as string);
  const chartCounts = parseSizes(values.charts as string);
  const plainChartsMax = Number(values['plain-charts-max']);
  const repsFor = (n: number) => {
    if (values.reps !== undefined) return Math.max(1, Number(values.reps));
    return n <= 200 ? 10 : n <= 2000 ? 5 : n <= 5000 ? 3 : 2;
  };
  const checkObjects = Number(values['check-objects']);

  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-bench-'));
  const started = now();
  try {
    log(`cdk8s-prod bench: node ${process.version}, ${os.cpus().length} CPUs (${os.availableParallelism()} available), ${os.cpus()[0]?.model ?? '?'}`);
    if (!(globalThis as { gc?: unknown }).gc) log('  (no --expose-gc: runs are not preceded by a collection)');
    const template = templateObjects();

    log(`\npart 1: synth, ${OBJECTS_PER_SERVICE} objects per service in one Chart; per N, the best of ${sizes.map(repsFor).join('/')} runs per side after a warm-up`);
    const results: SizeResult[] = [];
    sizes.forEach((n, i) => results.push(benchSize(n, repsFor(n), template, i === 0, i)));

    log('\n| N | objects | ours obj/s | plain obj/s | ratio | ours synth-only obj/s | plain synth-only obj/s | synth-only ratio | ours build ms | ours synth ms | policing ms | rules ms | plain build ms | plain synth ms | RSS ours / plain (MB) |');
    log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of results) {
      const o = r.ours;
      const p = r.plain;
      const oursRate = perS(r.objects, o.buildMs + o.synthMs);
      const plainRate = perS(r.objects, p.buildMs + p.synthMs);
      log(`| ${r.n} | ${r.objects} | ${fmt(oursRate)} | ${fmt(plainRate)} | ${fmt(oursRate / plainRate, 2)} `
        + `| ${fmt(perS(r.objects, o.synthMs))} | ${fmt(perS(r.objects, p.synthMs))} | ${fmt(p.synthMs / o.synthMs, 2)} `
        + `| ${fmt(o.buildMs)} | ${fmt(o.synthMs)} | ${fmt(o.policeMs)} | ${fmt(o.rulesMs)} | ${fmt(p.buildMs)} | ${fmt(p.synthMs)} | ${fmt(o.rssMb)} / ${fmt(p.rssMb)} |`);
    }
    log('\ncost per object (µs), which stays flat when the cost is linear in N:');
    for (const r of results) {
      const us = (ms: number) => fmt(1000 * ms / r.objects, 1);
      log(`  N=${r.n}: ours ${us(r.ours.buildMs + r.ours.synthMs)} (build ${us(r.ours.buildMs)}, policing ${us(r.ours.policeMs)}, rules ${us(r.ours.rulesMs)}, write ${us(r.ours.synthMs - r.ours.policeMs)}); `
        + `plain ${us(r.plain.buildMs + r.plain.synthMs)} (build ${us(r.plain.buildMs)}, write ${us(r.plain.synthMs)})`);
    }

    log(`\npart 1b: one service (${OBJECTS_PER_SERVICE} objects) per Chart, ${chartCounts.join('/')} charts; build and synth, the best of 2 runs per side after a warm-up`);
    const charts = benchCharts(chartCounts, plainChartsMax, template);
    log('\n| charts | objects | ours ms | ours µs/object | plain ms | plain µs/object |');
    log('|---:|---:|---:|---:|---:|---:|');
    for (const c of charts) {
      log(`| ${c.charts} | ${c.objects} | ${fmt(c.oursMs)} | ${fmt(1000 * c.oursMs / c.objects, 1)} | ${c.plainMs !== undefined ? fmt(c.plainMs) : 'not run'} | ${c.plainMs !== undefined ? fmt(1000 * c.plainMs / c.objects, 1) : '–'} |`);
    }

    log(`\npart 2: cdk8s-prod check (the compiled lib/) over a generated folder of ${checkObjects} objects`);
    const c = benchCheck(checkObjects, repsFor(checkObjects), template);
    const rate = (ms: number) => perS(c.objects, ms);
    log(`  ${c.objects} objects in ${c.files} files: check ${fmt(c.checkMs)} ms on ${c.threads} threads (${fmt(rate(c.checkMs))} obj/s), `
      + `${fmt(c.checkSerialMs)} ms on 1 (${fmt(rate(c.checkSerialMs))} obj/s): ${fmt(c.checkSerialMs / c.checkMs, 2)}×; `
      + `parse floor ${fmt(c.parseMs)} ms on ${c.threads} threads (${fmt(rate(c.parseMs))} obj/s), ${fmt(c.parseSerialMs)} ms on 1 (${fmt(rate(c.parseSerialMs))} obj/s); `
      + `rules and report ${fmt(c.checkSerialMs - c.parseSerialMs)} ms`);

    log('\npart 2b: how check grows with one mapping\'s size and with the number of files (on one thread)');
    const scaling = benchCheckScaling();
    logCheckScaling(scaling);

    log(`\npart 3: the command's cold start (bin/cdk8s-prod.js on the compiled lib/)`);
    const cold = benchColdStart(COLD_START_RUNS);
    logColdStart(cold, COLD_START_RUNS);

    const peak = process.resourceUsage().maxRSS / 1024;
    log(`\npeak RSS of the process ${fmt(peak)} MB; total bench time ${fmt((now() - started) / 1000, 1)} s`);
    // The headline is N = 5,000 services when it was run (issue 23's acceptance), else the largest N.
    const headline = results.find((r) => r.n === 5000) ?? results[results.length - 1];
    const oursRate = perS(headline.objects, headline.ours.buildMs + headline.ours.synthMs);
    const plainRate = perS(headline.objects, headline.plain.buildMs + headline.plain.synthMs);
    const usPerObject = (ms: number, objects: number) => Number((1000 * ms / objects).toFixed(1));
    log(JSON.stringify({
      services: headline.n,
      objects: headline.objects,
      ours_objects_per_s: Math.round(oursRate),
      plain_objects_per_s: Math.round(plainRate),
      throughput_ratio: Number((oursRate / plainRate).toFixed(3)),
      us_per_object_by_services: Object.fromEntries(results.map((r) => [r.n, {
        ours: usPerObject(r.ours.buildMs + r.ours.synthMs, r.objects), plain: usPerObject(r.plain.buildMs + r.plain.synthMs, r.objects),
      }])),
      us_per_object_by_charts: Object.fromEntries(charts.map((x) => [x.charts, {
        ours: usPerObject(x.oursMs, x.objects), ...(x.plainMs !== undefined ? { plain: usPerObject(x.plainMs, x.objects) } : {}),
      }])),
      peak_rss_mb: Math.round(peak),
      check_objects: c.objects,
      check_files: c.files,
      check_threads: c.threads,
      check_objects_per_s: Math.round(rate(c.checkMs)),
      check_objects_per_s_one_thread: Math.round(rate(c.checkSerialMs)),
      parse_floor_objects_per_s: Math.round(rate(c.parseMs)),
      parse_floor_objects_per_s_one_thread: Math.round(rate(c.parseSerialMs)),
      cli_check_ms: Math.round(c.cli.ms),
      cli_check_ms_one_thread: Math.round(c.cliSerial.ms),
      cli_check_peak_rss_mb: Math.round(c.cli.rssMb),
      check_ms_per_mb: scaling.perMb.map((x) => Math.round(x.ms / x.mb)),
      check_ms_per_file: scaling.perFiles.map((x) => Number((x.ms / x.files).toFixed(2))),
      cli_version_ms: Math.round(cold.versionMs),
      cli_small_check_ms: Math.round(cold.checkMs),
      node_startup_ms: Math.round(cold.nodeMs),
    }));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main();
