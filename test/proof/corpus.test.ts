import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import {
  BoundedCronJob,
  BoundedJob,
  CATALOGUE,
  ConfigFile,
  ConfiguredApp,
  CpuLimit,
  Peer,
  Probe,
  ProductionApp,
  ProductionDeployment,
  ProductionDaemonSet,
  ProductionStatefulSet,
  PropError,
  QuotaNamespace,
  Suppressions,
} from '../../src';
import type { RuleId } from '../../src';
import { listFiles } from '../../src/synth/atomic-dir';
import { ROOT, run } from '../cli-helpers';

/*
 * The hostile-input corpus (issue 10), under test/corpus/:
 *
 * - props/<construct>.json: hostile props for each construct, merged over a compliant base,
 *   each with the EXACT message of the PropError it must fail with (or, for the known bugs
 *   marked "bug", the correct behaviour, in tests marked failing). Every case is synthesized
 *   into an existing output folder, which must stay byte-identical.
 * - check/: files given to `cdk8s-prod check`: YAML that is not Kubernetes, a binary file, a
 *   YAML bomb, deep nesting, tabs, duplicate keys, an empty file, JSON, prototype-polluting keys,
 *   YAML dialect tricks; each with its exact exit code and input-problem text. A 20 MB input is
 *   generated at test time.
 *
 * CORPUS_UPDATE=1 npx jest test/proof/corpus.test.ts rewrites the "error" of every case that is
 * not a known bug from what the constructs say now: review the diff before committing it.
 */

const CORPUS = path.join(__dirname, '..', 'corpus');
const UPDATE = process.env.CORPUS_UPDATE === '1';

interface PropsCase {
  readonly case: string;
  readonly props?: Record<string, unknown>;
  /** The whole props value, instead of an override of the base. */
  readonly whole?: unknown;
  /** The exact message. */
  error?: string;
  /** "PropError" (the default) or "Error" for refusals made at synth by a construct validation. */
  readonly errorClass?: 'PropError' | 'Error';
  /** "ok": the props are valid and must synthesize. */
  readonly expect?: 'ok';
  /** A text the message must not contain (a secret). */
  readonly mustNotContain?: string;
  /** A known bug: the test states the correct behaviour and is marked failing. */
  readonly bug?: string;
  /** For a known bug: how the correct message starts. */
  readonly errorPrefix?: string;
}

interface PropsCorpus {
  readonly construct: 'ProductionDeployment' | 'ConfiguredApp' | 'BoundedJob' | 'BoundedCronJob' | 'QuotaNamespace' | 'ProductionStatefulSet' | 'ProductionDaemonSet';
  readonly about: string;
  readonly cases: PropsCase[];
}

const sub = (s: string) => s.split('{ROOT}').join(ROOT);

/** Turns the JSON encoding of the corpus into prop values (keeping own `__proto__` keys as plain keys). */
function decode(v: unknown): unknown {
  if (typeof v === 'string') return sub(v);
  if (Array.isArray(v)) return v.flatMap((x) => (isDirectory(x) ? ConfigFile.fromDirectory(sub(String(x.$configFile[1]))) : [decode(x)]));
  if (v === null || typeof v !== 'object') return v;
  const entries = Object.entries(v);
  if (entries.length === 1 && entries[0][0].startsWith('$')) {
    const [tag, raw] = entries[0];
    const args = Array.isArray(raw) ? raw.map(decode) : decode(raw);
    switch (tag) {
      case '$': return ({ NaN, Infinity, '-Infinity': -Infinity, 'undefined': undefined } as Record<string, unknown>)[raw as string];
      case '$repeat': return String((args as unknown[])[0]).repeat((args as number[])[1]);
      case '$duration': {
        const [amount, unit] = args as [number, 'millis' | 'seconds' | 'minutes' | 'hours' | 'days'];
        return Duration[unit](amount);
      }
      case '$probe': {
        const [kind, ...rest] = args as [string, ...any[]];
        if (kind === 'http') return Probe.http(rest[0], rest[1]);
        if (kind === 'tcp') return Probe.tcp(rest[0]);
        if (kind === 'grpc') return Probe.grpc(rest[0]);
        return Probe.exec(rest[0], rest[1]);
      }
      case '$cpuLimit': {
        const [kind, value] = args as [string, string];
        return kind === 'of' ? CpuLimit.of(value) : CpuLimit.none(value);
      }
      case '$peer': {
        const [kind, ...rest] = args as [string, ...any[]];
        if (kind === 'cidr') return Peer.cidr(rest[0], rest[1]);
        if (kind === 'namespace') return Peer.namespace(rest[0], rest[1]);
        if (kind === 'pods') return Peer.pods(rest[0]);
        return Peer.sameNamespace();
      }
      case '$configFile': {
        const [kind, ...rest] = args as [string, ...any[]];
        return kind === 'inline' ? ConfigFile.inline(rest[0], rest[1]) : ConfigFile.fromFile(rest[0], rest[1]);
      }
      default:
        throw new Error(`unknown corpus tag ${tag}`);
    }
  }
  return Object.fromEntries(entries.map(([k, x]) => [k, decode(x)]));
}

function isDirectory(x: unknown): x is { $configFile: unknown[] } {
  return typeof x === 'object' && x !== null && Array.isArray((x as { $configFile?: unknown[] }).$configFile) && (x as { $configFile: unknown[] }).$configFile[0] === 'fromDirectory';
}

const IMAGE = 'registry.example.com/shop/web:1.4.2';
const BASES: Record<PropsCorpus['construct'], () => Record<string, unknown>> = {
  ProductionDeployment: () => ({
    image: IMAGE,
    ports: [{ name: 'http', port: 8080 }],
    liveness: Probe.http('/healthz', { port: 'http' }),
    readiness: Probe.http('/ready', { port: 'http' }),
    resources: 'small',
  }),
  ConfiguredApp: () => BASES.ProductionDeployment(),
  BoundedJob: () => ({ image: IMAGE, resources: 'small', activeDeadline: Duration.minutes(10) }),
  BoundedCronJob: () => ({ image: IMAGE, resources: 'small', activeDeadline: Duration.minutes(10), schedule: '0 3 * * *' }),
  QuotaNamespace: () => ({ quota: { requestsCpu: '4', requestsMemory: '8Gi', limitsMemory: '16Gi', pods: 40 } }),
  ProductionStatefulSet: () => ({
    ...BASES.ProductionDeployment(),
    volumeClaims: [{ name: 'data', mountPath: '/var/lib/web', size: '10Gi', storageClass: 'ssd' }],
    claimRetention: { whenDeleted: 'Retain', whenScaled: 'Retain' },
  }),
  ProductionDaemonSet: () => ({
    ...BASES.ProductionDeployment(), nodeSelector: {}, tolerations: [], priorityClassName: false, nodeCount: 5,
  }),
};
const CONSTRUCTS: Record<PropsCorpus['construct'], new (scope: Construct, id: string, props: any) => Construct> = {
  ProductionDeployment, ConfiguredApp, BoundedJob, BoundedCronJob, QuotaNamespace, ProductionStatefulSet, ProductionDaemonSet,
};

function bytes(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

/** Synthesizes the case as shop/web into an output folder that already holds a synth; returns the error, if any. */
function synthesize(corpus: PropsCorpus, c: PropsCase): { error?: Error; changed: boolean } {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-corpus-')), 'dist');
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(out, 'shop.k8s.yaml'), '# the previous output\n');
  const before = bytes(out);
  const app = new ProductionApp({ outdir: out, onWarning: () => undefined });
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const props = 'whole' in c ? decode(c.whole) : { ...BASES[corpus.construct](), ...(decode(c.props ?? {}) as object) };
  let error: Error | undefined;
  try {
    new CONSTRUCTS[corpus.construct](chart, 'web', props);
    app.synth();
  } catch (e) {
    error = e as Error;
  }
  const changed = JSON.stringify(bytes(out)) !== JSON.stringify(before);
  if (error && changed) throw new Error(`a refused synth changed the output folder: ${error.message}`);
  return { error, changed };
}

const corpusFiles = fs.readdirSync(path.join(CORPUS, 'props')).filter((f) => f.endsWith('.json')).sort();

describe.each(corpusFiles)('props corpus %s', (file) => {
  const corpus: PropsCorpus = JSON.parse(fs.readFileSync(path.join(CORPUS, 'props', file), 'utf8'));
  const plain = corpus.cases.filter((c) => !c.bug);
  const bugs = corpus.cases.filter((c) => c.bug);

  afterAll(() => {
    if (UPDATE) fs.writeFileSync(path.join(CORPUS, 'props', file), `${JSON.stringify(corpus, null, 2)}\n`);
  });

  test('every case has a name of its own and an expectation', () => {
    expect(new Set(corpus.cases.map((c) => c.case)).size).toBe(corpus.cases.length);
    for (const c of plain) expect(c.expect === 'ok' || typeof c.error === 'string' || UPDATE).toBe(true);
    for (const c of bugs) expect(c.expect === 'ok' || typeof c.errorPrefix === 'string').toBe(true);
  });

  test.each(plain.map((c) => [c.case, c] as const))('%s', (_, c) => {
    const { error, changed } = synthesize(corpus, c);
    if (c.expect === 'ok') {
      expect(error).toBeUndefined();
      expect(changed).toBe(true);
      return;
    }
    // The corpus writes the repository as {ROOT}: messages that name a file hold its absolute path.
    if (UPDATE && error) c.error = error.message.split(ROOT).join('{ROOT}');
    expect(error).toBeInstanceOf(c.errorClass === 'Error' ? Error : PropError);
    if (c.errorClass !== 'Error') expect(error).toBeInstanceOf(PropError);
    expect(error!.message).toBe(sub(c.error ?? ''));
    expect(changed).toBe(false);
    if (c.mustNotContain) expect(error!.message).not.toContain(c.mustNotContain);
  });

  if (bugs.length > 0) {
    test.failing.each(bugs.map((c) => [c.case, c.bug, c] as const))('known bug: %s (%s)', (_, __, c) => {
      const { error, changed } = synthesize(corpus, c);
      if (c.expect === 'ok') {
        expect(error).toBeUndefined();
        expect(changed).toBe(true);
        return;
      }
      expect(error).toBeInstanceOf(PropError);
      expect(error!.message.startsWith(sub(c.errorPrefix!))).toBe(true);
      if (c.mustNotContain) expect(error!.message).not.toContain(c.mustNotContain);
      expect(changed).toBe(false);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// check

const C = (f: string) => `test/corpus/check/${f}`;

interface CheckExpectation {
  readonly code: number;
  /** summary.problems, exactly. */
  readonly problems?: Array<{ file: string; line?: number; message: string }>;
  readonly objects?: number;
  readonly skipped?: number;
  /** The rules of the error findings, in order (a subset check when `someRules`). */
  readonly rules?: string[];
}

const NO_PROBLEMS: CheckExpectation['problems'] = [];
const CHECK_CASES: Array<[string, string, CheckExpectation]> = [
  ['tab indentation', 'tab-indentation.yaml', { code: 2, objects: 0, problems: [{ file: C('tab-indentation.yaml'), line: 4, message: 'YAML syntax error: Tabs are not allowed as indentation' }] }],
  ['duplicate keys', 'duplicate-keys.yaml', { code: 2, objects: 0, problems: [{ file: C('duplicate-keys.yaml'), line: 6, message: 'YAML syntax error: Map keys must be unique ("name" is given twice)' }] }],
  ['an empty file', 'empty.yaml', { code: 0, objects: 0, skipped: 0, problems: NO_PROBLEMS }],
  ['comments only', 'comments-only.yaml', { code: 0, objects: 0, skipped: 0, problems: NO_PROBLEMS }],
  ['a YAML bomb (billion laughs)', 'billion-laughs.yaml', { code: 2, objects: 0, problems: [{ file: C('billion-laughs.yaml'), line: 2, message: 'its aliases expand it to 490,329,064 values, more than 1,000,000: a YAML bomb is refused' }] }],
  // The parser runs out of stack: reported as an input problem with its line, never a crash.
  ['10000 levels of nesting', 'deep-nesting.yaml', { code: 2, objects: 0, problems: [{ file: C('deep-nesting.yaml'), line: 2, message: 'the document nests 10000 levels deep, more than 500: no manifest is this deep' }] }],
  ['a binary file (PNG)', 'binary.png', { code: 2, objects: 0, problems: [{ file: C('binary.png'), message: 'binary file (it contains NUL bytes); expected YAML, JSON or a Dockerfile' }] }],
  ['UTF-16 text (NUL bytes)', 'utf16.yaml', { code: 2, objects: 0, problems: [{ file: C('utf16.yaml'), message: 'binary file (it contains NUL bytes); expected YAML, JSON or a Dockerfile' }] }],
  ['bytes that are not UTF-8', 'not-utf8.yaml', { code: 2, objects: 0, problems: [{ file: C('not-utf8.yaml'), message: 'not UTF-8 text (a binary file, or text in another encoding); expected YAML, JSON or a Dockerfile' }] }],
  ['YAML that is not Kubernetes (Helm values)', 'helm-values.yaml', { code: 0, objects: 0, skipped: 1, problems: NO_PROBLEMS }],
  ['a bare scalar', 'scalar.yaml', { code: 0, objects: 0, skipped: 1, problems: NO_PROBLEMS }],
  ['a kind without apiVersion', 'kind-without-apiversion.yaml', { code: 0, objects: 0, skipped: 1, problems: NO_PROBLEMS }],
  // kubectl decodes each document into an object: a top-level array is refused, not skipped.
  ['a JSON array (not a List)', 'array.json', { code: 2, objects: 0, skipped: 0, problems: [{ file: C('array.json'), line: 1, message: 'the document is a list, not an object: kubectl cannot read it (write the objects as documents, or as the items of a kind: List)' }] }],
  ['malformed JSON', 'broken.json', { code: 2, objects: 0, problems: [{ file: C('broken.json'), line: 1, message: 'JSON syntax error: Expected double-quoted property name in JSON at position 35' }] }],
  ['a JSON manifest is checked like YAML', 'pod.json', { code: 1, objects: 1, problems: NO_PROBLEMS }],
  ['CRLF line endings', 'crlf.yaml', { code: 1, objects: 1, problems: NO_PROBLEMS }],
  ['a UTF-8 byte-order mark', 'bom.yaml', { code: 1, objects: 1, problems: NO_PROBLEMS }],
  ['unknown and JavaScript tags are plain values', 'custom-tags.yaml', { code: 0, objects: 1, problems: NO_PROBLEMS }],
  ['prototype-polluting keys are plain keys', 'prototype-pollution.yaml', { code: 0, objects: 1, problems: NO_PROBLEMS }],
  ['a secret under a __proto__ key is still found', 'secret-under-proto-key.yaml', { code: 1, objects: 1, problems: NO_PROBLEMS, rules: ['configmap-secret-content'] }],
  ['a syntax error mid-file: the documents around it are still checked', 'mid-file-error.yaml', {
    code: 2, objects: 2, problems: [{ file: C('mid-file-error.yaml'), line: 9, message: 'YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }' }],
  }],
];

describe('check corpus: exit code and input-problem text', () => {
  test('every file of test/corpus/check has a case', () => {
    const covered = new Set([...CHECK_CASES.map(([, f]) => f), 'merge-key-host-network.yaml', 'yaml11-booleans.yaml']);
    expect(fs.readdirSync(path.join(CORPUS, 'check')).filter((f) => !covered.has(f))).toEqual([]);
  });

  test.each(CHECK_CASES)('%s (%s)', (_, file, want) => {
    const polluted = () => ({} as Record<string, unknown>).polluted;
    const json = run(['check', C(file), '--format', 'json']);
    const report = JSON.parse(json.out);
    expect(json.code).toBe(want.code);
    if (want.problems) expect(report.summary.problems).toEqual(want.problems);
    if (want.objects !== undefined) expect(report.summary.objects).toBe(want.objects);
    if (want.skipped !== undefined) expect(report.summary.skipped).toBe(want.skipped);
    if (want.rules) expect(report.findings.filter((f: any) => f.severity === 'error').map((f: any) => f.rule)).toEqual(want.rules);
    // The text format names each input problem with its file and line, and so does stderr in JSON mode.
    const text = run(['check', C(file)]);
    expect(text.code).toBe(want.code);
    for (const p of want.problems ?? []) {
      const line = `${p.file}${p.line ? `:${p.line}` : ''}: input error: ${p.message}`;
      expect(text.out).toContain(line);
      expect(json.err).toContain(line);
    }
    expect(polluted()).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  test('the JSON Pod gets the no-bare-pod finding at its line', () => {
    const report = JSON.parse(run(['check', C('pod.json'), '--format', 'json']).out);
    expect(report.findings.find((f: any) => f.rule === 'no-bare-pod')).toMatchObject({ file: C('pod.json'), line: 1, kind: 'Pod', name: 'json-pod', namespace: 'shop', path: 'kind' });
  });

  test('CRLF and a byte-order mark do not shift line numbers', () => {
    for (const f of ['crlf.yaml', 'bom.yaml']) {
      const report = JSON.parse(run(['check', C(f), '--format', 'json']).out);
      expect(report.findings.find((x: any) => x.rule === 'no-bare-pod').line).toBe(2);
      expect(report.findings.find((x: any) => x.rule === 'cpu-request').line).toBe(8);
    }
  });

  test('the documents after a mid-file syntax error are checked: the Pod at line 11', () => {
    const report = JSON.parse(run(['check', C('mid-file-error.yaml'), '--format', 'json']).out);
    expect(report.findings.find((f: any) => f.rule === 'no-bare-pod')).toMatchObject({ name: 'after-the-error', line: 11 });
  });

  test('the whole corpus folder at once: every problem is reported, the run exits 2', () => {
    const report = JSON.parse(run(['check', 'test/corpus/check', '--format', 'json']).out);
    const files = report.summary.problems.map((p: any) => p.file.replace('test/corpus/check/', '')).sort();
    // binary.png is not a manifest name, so a folder walk does not read it.
    expect(files).toEqual(['array.json', 'billion-laughs.yaml', 'broken.json', 'deep-nesting.yaml', 'duplicate-keys.yaml', 'mid-file-error.yaml', 'not-utf8.yaml', 'tab-indentation.yaml', 'utf16.yaml']);
    expect(run(['check', 'test/corpus/check']).code).toBe(2);
  });

  test('nested JSON 20000 levels deep is an input problem, not a crash', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-deep-'));
    const file = path.join(dir, 'deep.json');
    fs.writeFileSync(file, `${'{"a":'.repeat(20000)}1${'}'.repeat(20000)}`);
    const r = run(['check', file, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).summary.problems).toEqual([{ file, line: 1, message: 'the object nests more than 5000 levels deep, more than 500: no manifest is this deep, and kubectl stops at 10,000' }]);
  });

  test('a 20 MB input (20000 documents, generated here) is read to its last document', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-huge-'));
    const file = path.join(dir, 'huge.yaml');
    const filler = 'x'.repeat(900);
    const doc = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: shop\nimmutable: true\ndata:\n  app.yaml: "${filler}"\n---\n`;
    const fd = fs.openSync(file, 'w');
    for (let i = 0; i < 20000; i++) fs.writeSync(fd, doc(i));
    // The last document is a bare Pod: its finding proves the whole file was read.
    fs.writeSync(fd, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: last\n  namespace: shop\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/shop/web:1.4.2\n');
    fs.closeSync(fd);
    expect(fs.statSync(file).size).toBeGreaterThan(20 * 1000 * 1000);
    const started = Date.now();
    const r = run(['check', file, '--format', 'json']);
    const report = JSON.parse(r.out);
    expect(r.code).toBe(1);
    expect(report.summary).toMatchObject({ files: 1, objects: 20001, skipped: 0, problems: [] });
    expect(report.findings.find((f: any) => f.rule === 'no-bare-pod')).toMatchObject({ name: 'last', line: 20000 * 9 + 2 });
    expect(Date.now() - started).toBeLessThan(60000);
  }, 120000);

  /*
   * Known bugs: YAML that kubectl reads differently. kubectl turns YAML into JSON with go-yaml
   * (YAML 1.1): it applies merge keys (<<) and reads yes/on as true. `check` parses YAML 1.2,
   * so a pod spec can turn on host namespaces (hard-core rules, never suppressible) unseen.
   * The correct behaviour: read them as kubectl does and report the findings (exit 1), or refuse
   * the input (exit 2); never pass it (exit 0).
   */
  test('a merge key (<<) hides hostNetwork and hostPID from check', () => {
    const r = run(['check', C('merge-key-host-network.yaml'), '--format', 'json']);
    expect(r.code).not.toBe(0);
    if (r.code === 1) expect(JSON.parse(r.out).findings.map((f: any) => f.rule)).toEqual(expect.arrayContaining(['no-host-network', 'no-host-pid']));
  });

  test('YAML 1.1 booleans (hostNetwork: yes, hostPID: on) pass check', () => {
    const r = run(['check', C('yaml11-booleans.yaml'), '--format', 'json']);
    expect(r.code).not.toBe(0);
    if (r.code === 1) expect(JSON.parse(r.out).findings.map((f: any) => f.rule)).toEqual(expect.arrayContaining(['no-host-network', 'no-host-pid']));
  });

  test('without the merge key and the 1.1 booleans, the same manifests pass (the bugs above are the only difference)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-dialect-'));
    for (const [f, from, to] of [
      ['merge-key-host-network.yaml', '      <<: {hostNetwork: true, hostPID: true}\n', ''],
      ['yaml11-booleans.yaml', '      hostNetwork: yes\n      hostPID: on\n', ''],
    ]) {
      const text = fs.readFileSync(path.join(CORPUS, 'check', f), 'utf8');
      expect(text).toContain(from);
      fs.writeFileSync(path.join(dir, f), text.replace(from, to));
      const plainTrue = text.replace(from, from.replace(/<<: \{hostNetwork: true, hostPID: true\}/, 'hostNetwork: true\n      hostPID: true').replace(/yes|on$/gm, 'true'));
      fs.writeFileSync(path.join(dir, `true-${f}`), plainTrue);
    }
    expect(run(['check', path.join(dir, 'merge-key-host-network.yaml')]).code).toBe(0);
    expect(run(['check', path.join(dir, 'yaml11-booleans.yaml')]).code).toBe(0);
    // Written as JSON-style booleans, the same host namespaces are found.
    for (const f of ['true-merge-key-host-network.yaml', 'true-yaml11-booleans.yaml']) {
      const r = run(['check', path.join(dir, f), '--format', 'json']);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.out).findings.map((x: any) => x.rule)).toEqual(['no-host-network', 'no-host-pid']);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The hard core has no exceptions, whoever asks

describe('hostile suppressions: the hard core cannot be suppressed', () => {
  const hardCore = CATALOGUE.filter((r) => !r.suppressible).map((r) => r.id);
  const REASON = 'The vendor insists, and the auditors were told about it in writing.';

  test('the hard core is the documented set', () => {
    expect([...hardCore].sort()).toEqual([
      'apparmor-confined', 'field-types', 'job-active-deadline', 'list-items', 'no-bare-pod', 'no-host-ipc', 'no-host-network', 'no-host-pid',
      'no-privilege-escalation', 'no-privileged', 'object-typed', 'run-as-non-root', 'selinux-restricted', 'suppression-valid', 'unique-object-identity',
    ]);
  });

  test.each(hardCore)('Suppressions.add refuses %s, with a reason and all', (id) => {
    const chart = new Chart(new ProductionApp({ outdir: path.join(os.tmpdir(), 'cdk8s-prod-never-written') }), 'shop', { namespace: 'shop' });
    expect(() => Suppressions.add(chart, id as RuleId, REASON)).toThrow(`shop: cannot suppress "${id}": it belongs to the hard core`);
  });

  // Hard-core rules about the manifest itself rather than the workload: tested on their own.
  const ABOUT_THE_MANIFEST = ['suppression-valid', 'list-items', 'object-typed', 'unique-object-identity'];

  test('annotations suppressing every hard-core rule, in YAML, silence none of its findings', () => {
    const pod = (annotations: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'escape', namespace: 'shop', annotations: { ...annotations, 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } },
      spec: {
        hostNetwork: true, hostPID: true, hostIPC: true,
        securityContext: { runAsNonRoot: false, runAsUser: 0, seLinuxOptions: { user: 'system_u' } },
        shareProcessNamespace: 'yes',
        containers: [{ name: 'app', image: 'registry.example.com/shop/web:1.4.2', securityContext: { privileged: true, allowPrivilegeEscalation: true } }],
      },
    });
    const job = (annotations: Record<string, string>) => ({
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'forever', namespace: 'shop', annotations },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'job', image: 'registry.example.com/shop/job:1.0.0' }] } } },
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-hard-core-'));
    const all = Object.fromEntries(hardCore.map((id) => [`cdk8s-prod.io/suppress.${id}`, REASON]));
    fs.writeFileSync(path.join(dir, 'plain.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pod({}), job({})] }));
    fs.writeFileSync(path.join(dir, 'suppressed.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pod(all), job(all)] }));
    const hardFindings = (file: string) => {
      const r = run(['check', path.join(dir, file), '--format', 'json']);
      expect(r.code).toBe(1);
      return JSON.parse(r.out).findings.filter((f: any) => hardCore.includes(f.rule) && !ABOUT_THE_MANIFEST.includes(f.rule))
        .map((f: any) => `${f.kind}/${f.name} ${f.rule} ${f.path}`).sort();
    };
    const plain = hardFindings('plain.json');
    expect(plain.map((f: string) => f.split(' ')[1]).filter((r: string, i: number, a: string[]) => a.indexOf(r) === i).sort())
      .toEqual(hardCore.filter((id) => !ABOUT_THE_MANIFEST.includes(id)).sort());
    expect(hardFindings('suppressed.json')).toEqual(plain);
    // And each of those annotations is itself a finding.
    const r = JSON.parse(run(['check', path.join(dir, 'suppressed.json'), '--format', 'json']).out);
    expect(r.findings.filter((f: any) => f.rule === 'suppression-valid').length).toBe(2 * hardCore.length);
  });
});
