import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { Document, LineCounter, Node as YamlNode, isMap, isScalar, isSeq, parseAllDocuments, stringify } from 'yaml';
import { check } from '../src/cli/check';
import { KUBECTL_YAML, LoadedFiles, lastLoad, loadPaths, parseManifests } from '../src/cli/load';
import { main } from '../src/cli/main';
import { FieldPath } from '../src/k8s/manifest';
import { stringifyDocuments } from '../src/synth/yaml-writer';
import { ROOT, tree } from './cli-helpers';

/*
 * `check` on worker threads (issue 23): the files the walk finds are read and parsed on several
 * threads, and the result is the same as on one, to the order of every finding, problem and
 * skipped document and the line of every finding. Lines come from a compact line tree built at
 * parse time (a worker posts it with the object); it must give what the YAML syntax tree gave.
 */

const SEED = Number(process.env.FC_SEED ?? Date.now());

/** The line lookup `check` had before line trees: a walk of the YAML syntax tree, kept here as the oracle. */
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

/** Every path of a value, and for each a step that is not there (a missing key, an index past the end, a key into a list). */
function pathsOf(value: unknown, prefix: FieldPath = []): FieldPath[] {
  const out: FieldPath[] = [prefix, [...prefix, 'no-such-key'], [...prefix, 7]];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

/** Each object's line for each of its paths, as parseManifests gives them and as the syntax tree gives them. */
function linesBothWays(text: string): { tree: Array<number | undefined>; oracle: Array<number | undefined> } {
  const into: Pick<LoadedFiles, 'manifests' | 'problems' | 'skipped'> = { manifests: [], problems: [], skipped: [] };
  parseManifests('x.yaml', text, into);
  const lc = new LineCounter();
  const docs = (parseAllDocuments(text, { lineCounter: lc, ...KUBECTL_YAML, uniqueKeys: false }) as Document.Parsed[])
    .filter((d) => d.errors.length === 0 && d.contents !== null);
  const result = { tree: [] as Array<number | undefined>, oracle: [] as Array<number | undefined> };
  // Only documents read as objects; they come in document order.
  let m = 0;
  for (const doc of docs) {
    const input = into.manifests[m];
    if (!input || JSON.stringify(input.object) !== JSON.stringify(doc.toJS({ maxAliasCount: -1 }))) continue;
    m++;
    for (const p of pathsOf(input.object)) {
      result.tree.push(input.source!.lineOf!(p));
      result.oracle.push(lineOfPath(doc.contents as YamlNode, p, lc));
    }
  }
  expect(m).toBe(into.manifests.length);
  return result;
}

const key = fc.oneof(fc.constantFrom('a', 'b', 'name', 'containers', '__proto__', 'constructor', 'toString', '1', 'true', 'null', '<<x', 'x y'), fc.string({ maxLength: 4 }));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 5 }), fc.integer(), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }), tie('object')),
  object: fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map((e) => Object.fromEntries(e)),
}));
const k8sObject = fc.tuple(fc.dictionary(key, value, { maxKeys: 5 }), fc.constantFrom('Pod', 'ConfigMap', 'Deployment'))
  .map(([body, kind]) => ({ ...body, apiVersion: 'v1', kind, metadata: { name: 'x', namespace: 'y' } }));

describe('lines from the line tree', () => {
  test('are the lines the YAML syntax tree gives, for every path, in every style a file may be written in', () => {
    console.log(`fast-check seed ${SEED}; replay with: FC_SEED=${SEED} npx jest test/check-parallel.test.ts`);
    const styles: Array<(docs: object[]) => string> = [
      (docs) => stringifyDocuments(docs),
      (docs) => docs.map((d) => stringify(d)).join('---\n'),
      (docs) => docs.map((d) => stringify(d, { collectionStyle: 'flow' })).join('---\n'),
      (docs) => docs.map((d) => stringify(d, { indentSeq: false, lineWidth: 20 })).join('...\n---\n'),
      (docs) => `# leading comment\n\n---\n${docs.map((d) => JSON.stringify(d, null, 2)).join('\n---\n')}`,
    ];
    const style = fc.integer({ min: 0, max: styles.length - 1 });
    fc.assert(fc.property(fc.array(k8sObject, { minLength: 1, maxLength: 3 }), style, (docs, s) => {
      const { tree: fromTree, oracle } = linesBothWays(styles[s](docs));
      expect(fromTree).toEqual(oracle);
    }), { seed: SEED, numRuns: 300 });
  });

  test('hand-written YAML: flow and block, merge keys, aliases, complex keys, empty values, comments, a JSON stream', () => {
    const texts = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: b\ndata:\n  x: 1\n  y:\n  z: [1, {q: 2}, ]\n',
      'base: &b {cpu: 1}\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: n}\nspec:\n  <<: *b\n  containers:\n  - name: c\n    image: *b\n  -\n  - [a, b]\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: n}\n? [complex, key]\n: value\n? {k: v}\n: {dup: 1, dup2: 2}\nspec: {containers: [{name: c}]}\n',
      '# c\napiVersion: v1   # c\nkind: Pod\n\n\nmetadata:\n  # c\n  name: p\n  namespace: n\nspec:\n  containers:\n    - name: c\n      args:\n        - |\n          line\n          line\n        - >\n          folded\n',
      '{"apiVersion": "v1", "kind": "Pod",\n "metadata": {"name": "p", "namespace": "n"},\n "spec": {"containers": [\n   {"name": "c"}]}} {"apiVersion": "v1",\n"kind": "ConfigMap", "metadata": {"name": "c", "namespace": "n"}}\n',
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p, namespace: n}\n  spec: {hostNetwork: yes}\n',
    ];
    for (const text of texts) {
      const into: Pick<LoadedFiles, 'manifests' | 'problems' | 'skipped'> = { manifests: [], problems: [], skipped: [] };
      parseManifests('x', text, into);
      expect(into.problems).toEqual([]);
      expect(into.manifests.length).toBeGreaterThan(0);
      if (text.startsWith('{')) continue; // a JSON stream's lines are checked below
      const { tree: fromTree, oracle } = linesBothWays(text);
      expect(fromTree).toEqual(oracle);
    }
  });

  test('a JSON stream: lines count from the start of the file, for the second value too', () => {
    const into: Pick<LoadedFiles, 'manifests' | 'problems' | 'skipped'> = { manifests: [], problems: [], skipped: [] };
    parseManifests('x.json', '{"apiVersion": "v1", "kind": "Pod",\n "metadata": {"name": "p", "namespace": "n"},\n "spec": {"containers": [\n   {"name": "c"}]}} {"apiVersion": "v1",\n"kind": "ConfigMap", "metadata": {"name": "c", "namespace": "n"}}\n', into);
    const [pod, cm] = into.manifests;
    expect([pod.source!.line, pod.source!.lineOf!(['spec', 'containers', 0, 'name']), pod.source!.lineOf!(['metadata', 'name']), pod.source!.lineOf!(['spec', 'nope'])]).toEqual([1, 4, 2, 3]);
    expect([cm.source!.line, cm.source!.lineOf!(['kind']), cm.source!.lineOf!(['metadata', 'namespace'])]).toEqual([4, 5, 5]);
  });
});

/** A repository with something of every kind: objects with findings, problems, skipped documents, Dockerfiles, links. */
function mixedRepository(services: number): string {
  const files: Record<string, string | Buffer> = {};
  for (let i = 0; i < services; i++) {
    files[`apps/team-${i % 7}/svc-${i}.yaml`] = [
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: svc-${i}, namespace: shop}\nspec:\n  replicas: ${i % 3}\n  selector: {matchLabels: {app: svc-${i}}}\n`
        + `  template:\n    metadata: {labels: {app: svc-${i}}}\n    spec:\n      hostNetwork: ${i % 2 === 0 ? 'yes' : 'false'}\n      containers:\n      - name: c\n        image: nginx${i % 4 === 0 ? '' : ':1.27'}\n`,
      `apiVersion: v1\nkind: Service\nmetadata: {name: svc-${i}, namespace: shop}\nspec: {selector: {app: svc-${i}}, ports: [{port: 80}]}\n`,
      'just: a mapping\n',
    ].join('---\n');
  }
  files['apps/broken.yaml'] = 'apiVersion: v1\nkind: Pod\nmetadata: {name: x\n';
  files['apps/dup.yaml'] = 'apiVersion: v1\nkind: Pod\nmetadata: {name: x, name: y}\n';
  files['apps/list.json'] = '[{"apiVersion": "v1"}]';
  files['apps/pod.json'] = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j", "namespace": "shop"},\n "spec": {"hostPID": true, "containers": [{"name": "c", "image": "busybox:latest"}]}}';
  files['apps/binary.yaml'] = Buffer.from([0x61, 0, 0x62]);
  files['apps/Dockerfile'] = 'FROM node:latest\nRUN npm install\nCMD npm start\n';
  files['apps/kind.yaml'] = 'apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\n';
  files['chart/Chart.yaml'] = 'name: chart\n';
  files['chart/templates/svc.yaml'] = 'apiVersion: v1\nkind: Service\nmetadata: {name: {{ .Values.name }}}\n';
  const dir = tree(files);
  fs.symlinkSync(path.join(dir, 'apps/pod.json'), path.join(dir, 'apps/z-link.json'));
  fs.symlinkSync(path.join(dir, 'nowhere.yaml'), path.join(dir, 'apps/z-dangling.yaml'));
  return dir;
}

const serialized = (r: unknown) => JSON.stringify(r);

describe('check on several threads', () => {
  const dir = mixedRepository(60);
  const serial = check([dir, path.join(ROOT, 'test', 'corpus')], dir, {}, { jobs: 1 });

  test('the serial run sees what the repository holds (so that the comparisons below compare something)', () => {
    expect(lastLoad.threads).toBe(1);
    expect(serial.report.objects).toBeGreaterThan(120);
    expect(serial.report.findings.filter((f) => f.line !== undefined && f.line > 1).length).toBeGreaterThan(100);
    expect(serial.problems.map((p) => p.file)).toEqual(expect.arrayContaining(['apps/broken.yaml', 'apps/dup.yaml', 'apps/list.json', 'apps/binary.yaml', 'apps/z-dangling.yaml']));
    expect(serial.skipped.map((s) => s.file)).toEqual(expect.arrayContaining(['apps/kind.yaml', 'apps/z-link.json', 'chart/templates/svc.yaml']));
  });

  test('every file read by a worker thread: the same report, problems, skipped documents and order', () => {
    const parallel = check([dir, path.join(ROOT, 'test', 'corpus')], dir, {}, { jobs: 2, parallelMinBytes: 0, readHere: false });
    expect(lastLoad.threads).toBe(2);
    expect(lastLoad.readByWorkers).toBeGreaterThan(60);
    expect(serialized(parallel)).toBe(serialized(serial));
  });

  test('files shared among this thread and three workers: the same result', () => {
    const parallel = check([dir, path.join(ROOT, 'test', 'corpus')], dir, {}, { jobs: 4, parallelMinBytes: 0 });
    expect(lastLoad.threads).toBe(4);
    expect(serialized(parallel)).toBe(serialized(serial));
  });

  test('a worker that cannot start: this thread reads everything, and the result is the same', () => {
    const parallel = check([dir, path.join(ROOT, 'test', 'corpus')], dir, {}, { jobs: 2, parallelMinBytes: 0, workerScript: path.join(dir, 'no-such-worker.js') });
    expect(lastLoad.readByWorkers).toBe(0);
    expect(serialized(parallel)).toBe(serialized(serial));
  });

  test('a worker that claims a file and dies: this thread reads the file once the wait is over', () => {
    const script = path.join(dir, 'dying-worker.js');
    // Claims one job the way load-worker does, then ends without posting it.
    fs.writeFileSync(script, "const { workerData } = require('worker_threads');\n"
      + "workerData.port.once('message', (input) => { Atomics.add(new Int32Array(input.next), 0, 1); process.exit(0); });\n");
    const parallel = check([dir], dir, {}, { jobs: 2, parallelMinBytes: 0, workerScript: script, workerWaitMs: 200 });
    expect(serialized(parallel)).toBe(serialized(check([dir], dir, {}, { jobs: 1 })));
  });

  test('small inputs stay on this thread: no worker for less than PARALLEL_MIN_BYTES, or for one file', () => {
    loadPaths([dir], dir, { jobs: 4 });
    expect(lastLoad.threads).toBe(1);
    loadPaths([path.join(dir, 'apps/pod.json')], dir, { jobs: 4, parallelMinBytes: 0 });
    expect(lastLoad.threads).toBe(1);
  });

  test('jobs must be a whole number of threads', () => {
    expect(() => loadPaths([dir], dir, { jobs: 0 })).toThrow('jobs must be a whole number of threads from 1 to 64; got 0');
    expect(() => loadPaths([dir], dir, { jobs: 1.5 })).toThrow('got 1.5');
    expect(() => loadPaths([dir], dir, { jobs: 65 })).toThrow('got 65');
    expect(() => loadPaths([dir], dir, { jobs: '2' as any })).toThrow('got 2');
  });
});

describe('how deep a document may nest, the same on every thread', () => {
  // The YAML library builds documents recursively and runs out of stack from about 800 levels, at a
  // depth that depends on the thread and on how warm the code is: documents are measured first.
  const header = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: y}\n';
  /** A ConfigMap whose syntax nests `depth` levels: the root mapping, `data`, then mappings, or flow sequences. */
  const block = (depth: number) => `${header}data:\n${Array.from({ length: depth - 1 }, (_, i) => `${' '.repeat(2 * (i + 1))}k:`).join('\n')}\n`;
  const flow = (depth: number) => `${header}data:\n  a: ${'['.repeat(depth - 2)}${']'.repeat(depth - 2)}\n`;
  const json = (depth: number) => `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x", "namespace": "y"}, "data": {"a": ${'['.repeat(depth - 2)}${']'.repeat(depth - 2)}}}`;
  const dir = tree({
    'block-500.yaml': block(500), 'block-501.yaml': block(501), 'flow-500.yaml': flow(500), 'flow-501.yaml': flow(501),
    'json-500.json': json(500), 'json-501.json': json(501), 'flow-20000.yaml': flow(20000),
  });

  test('500 levels are read; 501 are refused with the depth, by YAML and by JSON; 20,000 too, without a stack overflow', () => {
    const serial = check([dir], dir, {}, { jobs: 1 });
    expect(serial.problems).toEqual([
      { file: 'block-501.yaml', line: 1, message: 'the document nests 501 levels deep, more than 500: no manifest is this deep' },
      { file: 'flow-20000.yaml', line: 1, message: 'the document nests 20000 levels deep, more than 500: no manifest is this deep' },
      { file: 'flow-501.yaml', line: 1, message: 'the document nests 501 levels deep, more than 500: no manifest is this deep' },
      { file: 'json-501.json', line: 1, message: 'the object nests 501 levels deep, more than 500: no manifest is this deep, and kubectl stops at 10,000' },
    ]);
    expect(serial.report.objects).toBe(3);
    const onWorkers = check([dir], dir, {}, { jobs: 2, parallelMinBytes: 0, readHere: false });
    expect(lastLoad.readByWorkers).toBe(7);
    expect(serialized(onWorkers)).toBe(serialized(serial));
  });
});

describe('cdk8s-prod check --jobs', () => {
  const dir = mixedRepository(5);
  const run = (args: string[]) => {
    let out = '';
    let err = '';
    const code = main(['check', ...args], { out: (s) => { out += s; }, err: (s) => { err += s; }, cwd: dir, env: {} });
    return { code, out, err };
  };

  test('--jobs 1 and --jobs 3 print the same report', () => {
    const one = run(['.', '--jobs', '1', '--format', 'json']);
    const three = run(['.', '--jobs', '3', '--format', 'json']);
    expect(one.code).toBe(2);
    expect(three).toEqual(one);
  });

  test.each([['0'], ['-1'], ['two'], ['1.5'], ['65'], ['']])('--jobs=%s is a usage error', (n) => {
    const r = run(['.', `--jobs=${n}`]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--jobs: a whole number of threads from 1 to 64; got "${n}"`);
  });
});
