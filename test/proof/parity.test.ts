import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { KUBECTL_YAML } from '../../src/cli/load';
import { UnwritableValueError, stringifyDocument, stringifyDocuments } from '../../src/synth/yaml-writer';
import { ReaderResult, readAsKubectl } from '../kubectl-reader';

/*
 * Parity (issue 15): what kubectl reads from the bytes ProductionApp writes is exactly the object
 * the rules judged. Arbitrary JSON objects, with the strings YAML readers treat specially (YAML
 * 1.1 booleans, octal, base 60, timestamps, merge keys, indicators, line breaks of every kind),
 * are written by src/synth/yaml-writer.ts and read back by
 *   - go-yaml v2 as kubectl, Argo CD and Flux read manifests (test/kubectl-reader),
 *   - yaml.v3, as kustomize reads them,
 *   - the reader of `cdk8s-prod check`;
 * each must give the JSON value that was written.
 */

const SEED = Number(process.env.FC_SEED ?? Date.now());
const RUNS = Math.max(500, Number(process.env.FC_RUNS ?? 500) || 500);
/** Values per fast-check run: the readers start once per run, not once per value. */
const BATCH = 10;
console.log(`fast-check seed ${SEED}, ${RUNS} runs of ${BATCH} documents; replay with: FC_SEED=${SEED} npx jest test/proof/parity.test.ts`);

const NASTY = [
  'yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'N', 'Yes', 'NO', 'True', 'false', 'NULL', 'Null', '~', 'null', '', '=',
  '0777', '0x1F', '0o17', '0b101', '1_000', '1:20', '12:30:45', '190:20:30', '1e3', '1E+3', '.5', '5.', '-.inf', '.NaN', '+1', '-1', '007', '0', '1.0',
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '<<', '-', '--', '---', '...', '--- x', '... x', '- a', 'a: b', 'a:', ':a',
  '#x', 'a #b', 'a#b', '  lead', 'trail ', 'a  b', '\n', 'a\nb', 'a\nb\n', 'a\n\n', 'a\n\n\n', '\nlead', '  \nx', 'x\n  \ny', 'x\n\ny', ' x\ny',
  '\r\n', 'a\r\nb', 'a\rb', '\u2028', 'a\u2029b', '\u0085', '\ufeff', '\ufffe', 'a\uffffb', 'x\ufffe\ny', '\t', 'a\tb', 'a\n\tb', '%TAG', '@x', '`x', '!x', '!!str x', '&a', '*a', '|', '>',
  '|-', "'q'", '"q"', "it's", '{a: 1}', '[a]', ',', '?', '? x', ': x', 'x: |', 'é', '日本', '😀', '\u0000', '\u0007', '\u007f', '\u009f', '\\', '\\n',
  '100m', '256Mi', '1.27.3-alpine', 'nginx:1.27', 'http://x:80/p?q=1#f', '--port=8080', 'Infinity', 'NaN', 'key: value\nother: x', 'a\n- b',
  '    indented\nnot', 'line\n---\nline', 'line\n...\nline', '$(VAR)', '${VAR}', '-_0', '-_1', '+_1', '-_0x1f', '-_.5', '_', '__1', 'a: "b"', "- 'c'", '%', '^x', '.hidden', '_x', '/abs/path', 'C:\\dir',
];
const nasty = fc.constantFrom(...NASTY);
const yamlString = fc.oneof(
  { weight: 4, arbitrary: nasty },
  { weight: 2, arbitrary: fc.tuple(nasty, nasty).map(([a, b]) => a + b) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.fullUnicodeString({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom('a', ' ', '\n', ':', '#', '-', '\t', 'é', '\u2028', '"', "'"), { maxLength: 12 }).map((a) => a.join('')) },
);
const number = fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1e21, 1e-7, 0.1, 2 ** 53, -(2 ** 31)));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    yamlString, number, fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc.array(fc.tuple(yamlString, tie('value')), { maxLength: 5 }).map((entries) => Object.fromEntries(entries)),
}));
const documentArb = fc.array(fc.tuple(yamlString, value), { minLength: 1, maxLength: 6 }).map((entries) => Object.fromEntries(entries));

/** The JSON value of a document: what any JSON consumer (the API server) gets. */
const asJson = (v: unknown) => JSON.parse(JSON.stringify(v));

function readWithCheck(text: string): unknown[] {
  return parseAllDocuments(text, KUBECTL_YAML).map((d) => {
    if (d.errors.length > 0) throw new Error(`check's reader: ${d.errors[0].message}`);
    return d.toJS({ maxAliasCount: 100 });
  });
}

function expectReadBack(results: ReaderResult[], expected: unknown[], reader: string, texts: string[]): void {
  results.forEach((r, i) => {
    if ('error' in r) throw new Error(`${reader} could not read:\n${texts[i]}\n${r.error}`);
    if (JSON.stringify(r.docs) !== JSON.stringify([expected[i]])) {
      expect({ reader, written: texts[i], read: r.docs[0] }).toEqual({ reader, written: texts[i], read: expected[i] });
    }
  });
}

describe('the YAML writer: every reader reads back exactly what was written', () => {
  test(`arbitrary JSON documents (${RUNS} runs of ${BATCH}) read back the same by go-yaml v2 (kubectl), yaml.v3 (kustomize) and check`, () => {
    fc.assert(fc.property(fc.array(documentArb, { minLength: BATCH, maxLength: BATCH }), (docs) => {
      const texts = docs.map(stringifyDocument);
      const expected = docs.map(asJson);
      expectReadBack(readAsKubectl(texts), expected, 'go-yaml v2', texts);
      expectReadBack(readAsKubectl(texts, { yaml3: true }), expected, 'yaml.v3', texts);
      texts.forEach((t, i) => expect(readWithCheck(t)).toEqual([expected[i]]));
    }), { numRuns: RUNS, seed: SEED });
  }, 600_000);

  test('a string that is a number once its underscores are gone is quoted: go-yaml drops them first (`-_1` is -1 to kubectl)', () => {
    const strings = ['-_0', '-_1', '+_1', '-_0x1f', '-_.5', '1_2', '_', '__1', 'a_1', '-_a'];
    const doc = Object.fromEntries(strings.map((v) => [v, v]));
    const text = stringifyDocument(doc);
    expect(text).toContain('"-_1": "-_1"');
    expect(text).toContain('"-_0x1f": "-_0x1f"');
    expect(text).toContain('a_1: a_1');
    expect(text).toContain('-_a: -_a');
    expect(readAsKubectl([text])).toEqual([{ docs: [doc] }]);
    expect(readAsKubectl([text], { yaml3: true })).toEqual([{ docs: [doc] }]);
    expect(readWithCheck(text)).toEqual([doc]);
  });

  test('check reads every plain scalar as go-yaml v2 does: numbers with underscores anywhere, 0o octal, no base 60, overflows', () => {
    const fixed = ['-_1', '0o17', '+_5', '-_0x1f', '._5', '1_000', '0b1_0', '-0b1', '+0x1f', '0x_1F', '1__0', '-0o7', '1e3', '+.5', '1_0.5',
      '0_7', '-_', '+', '.', '_1', '0x', '190:20:30', '1:20', '08', '09.5', '0777', '1e400', '9223372036854775807', '9223372036854775808',
      '18446744073709551616', '-9223372036854775809', '0xFFFFFFFFFFFFFFFFF', '1.', '1.e3', '+0', '-0', '0.0', '+1_2.5e1_0', '0x1p3', '1e', '.5e',
      '00', '0B11', '0O7', '0X1f', '1_e3', '-0x_', '.5', '-.5', '1.5e-3', '12.30', 'yes', 'off', '~', 'null', '.inf', '-.Inf', '.nan'];
    const numberish = fc.array(fc.constantFrom(...'-+0123456789._eExXoObBaf:'), { minLength: 1, maxLength: 8 }).map((a) => a.join(''))
      // A lone "-" starts a sequence, and "-x"/":x" may be syntax; the values that both readers read as scalars are compared.
      .filter((v) => !/^[-:]$|^-[-.]|:$|::|^:/.test(v));
    const values = [...fixed, ...fc.sample(numberish, { numRuns: 400, seed: SEED })];
    const texts = values.map((v) => `k: ${v}\n`);
    const kubectl = readAsKubectl(texts);
    let compared = 0;
    values.forEach((v, i) => {
      const r = kubectl[i];
      // go-yaml reads `.inf` and `.nan` as floats that JSON cannot carry: the reader reports them, and check has them as such.
      if ('error' in r) return;
      compared++;
      const ours = readWithCheck(texts[i])[0] as { k: unknown };
      expect({ value: v, read: ours.k }).toEqual({ value: v, read: (r.docs[0] as { k: unknown }).k });
    });
    expect(compared).toBeGreaterThan(350);
  });

  test('several documents in one file are split where kubectl splits them, whatever their strings hold', () => {
    const docs = [{ a: '---' }, { b: 'x\n---\ny' }, { c: '...' }, { d: ['---', '--- #'] }];
    const text = stringifyDocuments(docs);
    expect(readAsKubectl([text])).toEqual([{ docs }]);
    expect(readWithCheck(text)).toEqual(docs);
  });

  test('writes what cdk8s wrote for ordinary manifests: block style, plain strings where they are safe', () => {
    expect(stringifyDocument({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' } },
      spec: {
        replicas: 3,
        template: { spec: { containers: [{ name: 'app', image: 'registry.example.com/web:1.4.2', args: ['--port=8080'], resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '2' } } }], volumes: [] } },
        selector: {},
      },
      data: { 'nginx.conf': 'server {\n  listen 8080;\n}\n', 'flag': 'yes', 'octal': '0777', 'empty': '' },
    })).toBe([
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      '  labels:',
      '    app.kubernetes.io/name: web',
      'spec:',
      '  replicas: 3',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          image: registry.example.com/web:1.4.2',
      '          args:',
      '            - --port=8080',
      '          resources:',
      '            requests:',
      '              cpu: 100m',
      '              memory: 256Mi',
      '            limits:',
      '              cpu: "2"',
      '      volumes: []',
      '  selector: {}',
      'data:',
      '  nginx.conf: |',
      '    server {',
      '      listen 8080;',
      '    }',
      '  flag: "yes"',
      '  octal: "0777"',
      '  empty: ""',
      '',
    ].join('\n'));
  });

  test('a merge key is written as a plain key that no reader merges', () => {
    const doc = { spec: { '<<': { hostNetwork: true }, 'containers': [] } };
    const text = stringifyDocument(doc);
    expect(text).toContain('"<<":');
    expect(readAsKubectl([text])).toEqual([{ docs: [doc] }]);
  });

  test.each([
    ['NaN', { a: NaN }, 'a: NaN is not a JSON number'],
    ['Infinity', { a: [1, Infinity] }, 'a[1]: Infinity is not a JSON number'],
    ['a function', { a: { b: () => 1 } }, 'a.b: a function is not a JSON value'],
    ['a Date', { a: new Date(0) }, 'a: a Date is not plain JSON'],
    ['a Map', { a: new Map() }, 'a: a Map is not plain JSON'],
    ['a lone surrogate', { a: 'x\ud800' }, 'a: the string has a lone UTF-16 surrogate, which has no UTF-8 form'],
    ['a lone surrogate in a key', { ['k\udc00']: 1 }, 'k\udc00: the string has a lone UTF-16 surrogate, which has no UTF-8 form'],
    ['undefined in a list', { a: [undefined] }, 'a[0]: undefined is not a JSON value'],
  ])('refuses a value with no faithful YAML form: %s', (_what, doc, message) => {
    expect(() => stringifyDocument(doc)).toThrow(UnwritableValueError);
    expect(() => stringifyDocument(doc)).toThrow(message);
  });
});
