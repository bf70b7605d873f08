import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { main } from '../src/cli/main';
import { ROOT, tree } from './cli-helpers';

/*
 * `cdk8s-prod check` on a real GitOps repository (issue 16): every input is read as kubectl reads
 * it or refused with its file, line and why; every document it does not check is listed with the
 * reason; SARIF validates and follows GitHub's conventions. Each case is a test on inputs written here.
 */

const BIN = path.join(ROOT, 'bin', 'cdk8s-prod.js');

function check(cwd: string, args: string[], stdin?: string) {
  let out = '';
  let err = '';
  const code = main(['check', ...args], {
    out: (s) => { out += s; }, err: (s) => { err += s; }, cwd, env: {},
    ...(stdin !== undefined ? { stdin: () => Buffer.from(stdin) } : {}),
  });
  return { code, out, err, json: () => JSON.parse(out) };
}

const json = (cwd: string, args: string[], stdin?: string) => check(cwd, [...args, '--format', 'json'], stdin).json();
const rules = (report: any) => report.findings.filter((f: any) => f.severity === 'error').map((f: any) => `${f.file}:${f.rule}:${f.path}`);

const HOST_POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: "registry.example.com/a:1.0.0"}]\n';
const DOCKERFILE = 'FROM node:latest\nCOPY . .\nCMD ["node", "server.js"]\n';

describe('Dockerfiles by every name real repositories use', () => {
  const names = ['app.Dockerfile', 'Containerfile', 'dockerfile', 'Dockerfile-dev', 'web.containerfile', 'Containerfile.prod'];

  test('found in folder walks', () => {
    const dir = tree(Object.fromEntries(names.map((n) => [`images/${n}`, DOCKERFILE])));
    const r = json(dir, ['images']);
    expect([...new Set(r.findings.filter((f: any) => f.rule === 'dockerfile-from-pinned').map((f: any) => f.file))].sort()).toEqual(names.map((n) => `images/${n}`).sort());
    expect(r.summary).toMatchObject({ files: names.length, objects: names.length, skipped: 0, problems: [] });
  });

  test('read as Dockerfiles when named', () => {
    const dir = tree({ 'app.Dockerfile': DOCKERFILE });
    const r = json(dir, ['app.Dockerfile']);
    expect(r.findings.map((f: any) => f.rule)).toContain('dockerfile-from-pinned');
    expect(r.summary.skipped).toBe(0);
  });
});

describe('symbolic links', () => {
  test('a linked file and a linked folder are read; a folder linked twice and a cycle are read once', () => {
    const dir = tree({ 'real/pod.yaml': HOST_POD, 'other/pod2.yaml': HOST_POD.replace('name: p,', 'name: q,') });
    fs.mkdirSync(path.join(dir, 'repo'));
    fs.symlinkSync(path.join(dir, 'real', 'pod.yaml'), path.join(dir, 'repo', 'linked.yaml'));
    fs.symlinkSync(path.join(dir, 'other'), path.join(dir, 'repo', 'linked-dir'));
    fs.symlinkSync(path.join(dir, 'repo'), path.join(dir, 'repo', 'loop'));
    const r = json(dir, ['repo']);
    expect(rules(r)).toEqual(expect.arrayContaining(['repo/linked.yaml:no-host-network:spec.hostNetwork', 'repo/linked-dir/pod2.yaml:no-host-network:spec.hostNetwork']));
    expect(r.summary).toMatchObject({ files: 2, objects: 2, problems: [] });
  });

  test('one file reached by two names is checked once and the other name is listed as skipped', () => {
    const dir = tree({ 'pod.yaml': HOST_POD });
    fs.symlinkSync(path.join(dir, 'pod.yaml'), path.join(dir, 'alias.yaml'));
    const r = json(dir, ['.']);
    expect(r.summary).toMatchObject({ files: 1, objects: 1 });
    expect(r.skipped).toEqual([{ file: 'pod.yaml', line: 1, reason: 'the same file as alias.yaml (a symbolic link), which is checked' }]);
  });

  test('a link to nothing is an input problem', () => {
    const dir = tree({});
    fs.symlinkSync(path.join(dir, 'gone.yaml'), path.join(dir, 'broken.yaml'));
    const r = check(dir, ['.', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.json().summary.problems).toEqual([{ file: 'broken.yaml', message: `a symbolic link to nothing (ENOENT): ${path.join(dir, 'gone.yaml')}` }]);
  });
});

describe('inputs kubectl reads differently, or not at all', () => {
  test('JSON with comments is refused (kubectl reads JSON as JSON), not read as YAML with spec swallowed into a key', () => {
    const dir = tree({ 'pod.json': '{\n  // the pod\n  "apiVersion": "v1", "kind": "Pod",\n  "metadata": {"name": "p", "namespace": "shop"},\n  "spec": {"hostNetwork": true}\n}\n' });
    const r = check(dir, ['pod.json', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.json().summary.problems).toEqual([{ file: 'pod.json', line: 2, message: expect.stringMatching(/^JSON syntax error: .* \(JSON has no comments: kubectl refuses this file\)$/) }]);
  });

  test('a JSON stream of several objects is read object by object, with lines', () => {
    const pod = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: { hostNetwork: true, containers: [] } }, null, 1);
    const dir = tree({ 'pods.json': `${pod}\n${pod.replace('"p"', '"q"')}\n` });
    const r = json(dir, ['pods.json']);
    const host = r.findings.filter((f: any) => f.rule === 'no-host-network');
    expect(host.map((f: any) => [f.name, f.line])).toEqual([['p', 9], ['q', 21]]);
  });

  test('a List inside a List hides nothing', () => {
    const nested = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'deep', namespace: 'shop' }, spec: { hostNetwork: true, containers: [] } }] }] };
    const dir = tree({ 'list.json': JSON.stringify(nested) });
    expect(rules(json(dir, ['list.json']))).toContain('list.json:no-host-network:items[0].items[0].spec.hostNetwork');
  });

  test('a top-level array and a binary file without NUL bytes are input problems (exit 2)', () => {
    const dir = tree({ 'array.yaml': '- apiVersion: v1\n  kind: Pod\n', 'blob.yaml': Buffer.from([0xff, 0xfe, 0x41, 0xc3, 0x28, 0x0a]) });
    const r = check(dir, ['.', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.json().summary.problems).toEqual([
      { file: 'array.yaml', line: 1, message: 'the document is a list, not an object: kubectl cannot read it (write the objects as documents, or as the items of a kind: List)' },
      { file: 'blob.yaml', message: 'not UTF-8 text (a binary file, or text in another encoding); expected YAML, JSON or a Dockerfile' },
    ]);
  });

  test('hostNetwork: "true" (a string the API server refuses) is an error, not a field that passes for false', () => {
    const dir = tree({ 'pod.yaml': HOST_POD.replace('hostNetwork: true', 'hostNetwork: "true"') });
    const r = json(dir, ['pod.yaml']);
    expect(r.findings.filter((f: any) => f.rule === 'field-types').map((f: any) => [f.path, f.message]))
      .toEqual([['spec.hostNetwork', 'hostNetwork of the pod is the string "true", not a boolean: the API server refuses it']]);
  });

  test('a Helm template: the syntax error says to render it first; a chart\'s templates are skipped with that reason', () => {
    const dir = tree({
      'loose/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Values.name }}\n  labels: {{ include "labels" . | nindent 4 }}\n',
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
      'chart/templates/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n',
    });
    const r = check(dir, ['.', '--format', 'json']);
    const report = r.json();
    expect(report.summary.problems).toEqual([{ file: 'loose/deploy.yaml', line: 4, message: 'a Helm or Go template action ("{{ .Values.name }}") is not YAML until it is rendered: check what it renders, e.g. helm template … | cdk8s-prod check -' }]);
    // One that does not even parse says the same.
    const broken = tree({ 'deploy.yaml': 'metadata:\n  name: {{ .Values.name }}\n{{- if .Values.x }}\n  a: b\n' });
    expect(check(broken, ['.', '--format', 'json']).json().summary.problems[0].message).toMatch(/is not YAML until it is rendered/);
    expect(report.skipped).toEqual(expect.arrayContaining([{ file: 'chart/templates/svc.yaml', line: 1, reason: 'a template of the Helm chart chart: render it (helm template chart | cdk8s-prod check -) and check what it renders' }]));
  });

  test('every skipped document is listed with its reason, in every format', () => {
    const dir = tree({ 'values.yaml': 'replicaCount: 2\n', 'kind.yaml': 'apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\nnodes: [{role: control-plane}]\n' });
    const report = json(dir, ['.']);
    expect(report.skipped).toEqual([
      { file: 'kind.yaml', line: 1, reason: 'Cluster (kind.x-k8s.io/v1alpha4) is a configuration of kind (Kubernetes in Docker), not an object for a cluster' },
      { file: 'values.yaml', line: 1, reason: 'not a Kubernetes object (no apiVersion and kind)' },
    ]);
    expect(check(dir, ['.']).out).toContain('values.yaml:1: skipped: not a Kubernetes object (no apiVersion and kind)');
    expect(check(dir, ['.', '--format', 'markdown']).out).toContain('- kind.yaml:1: Cluster (kind.x-k8s.io/v1alpha4) is a configuration of kind');
    const sarif = check(dir, ['.', '--format', 'sarif']).json();
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications.map((n: any) => [n.level, n.message.text])).toEqual([
      ['note', 'skipped: Cluster (kind.x-k8s.io/v1alpha4) is a configuration of kind (Kubernetes in Docker), not an object for a cluster'],
      ['note', 'skipped: not a Kubernetes object (no apiVersion and kind)'],
    ]);
  });
});

describe('inputs that used to hang or take minutes', () => {
  test('a FIFO and a character device named on the command line are refused, not read for ever', () => {
    const dir = tree({});
    spawnSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    const r = check(dir, ['pipe.yaml', '/dev/zero', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.json().summary.problems).toEqual([
      { file: 'pipe.yaml', message: 'not a regular file (a named pipe); name a file or a folder, or - for standard input' },
      { file: '/dev/zero', message: 'not a regular file (a character device); name a file or a folder, or - for standard input' },
    ]);
  });

  test('a large ConfigMap (60,000 keys, 3 MB) is read, and a repeated key in it found (the check is linear)', () => {
    const keys = Array.from({ length: 60000 }, (_, i) => `  key-${i}: "${'v'.repeat(40)}"`);
    const dir = tree({
      'big.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: shop}\nimmutable: true\ndata:\n${keys.join('\n')}\n`,
      'dup.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dup, namespace: shop}\ndata:\n${keys.slice(0, 30000).join('\n')}\n  key-7: again\n`,
    });
    const r = json(dir, ['.']);
    expect(r.summary.objects).toBe(1);
    expect(r.summary.problems).toEqual([{ file: 'dup.yaml', line: 30005, message: 'YAML syntax error: Map keys must be unique ("key-7" is given twice)' }]);
  });

  test('a scalar anchor used 150 times is a benign alias, not a bomb', () => {
    const uses = Array.from({ length: 150 }, (_, i) => `  k${i}: *v`).join('\n');
    const dir = tree({ 'cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: shop}\nimmutable: true\ndata:\n  base: &v "x"\n${uses}\n` });
    const r = json(dir, ['cm.yaml']);
    expect(r.summary).toMatchObject({ objects: 1, problems: [] });
  });
});

describe('no false positives where the repository is right', () => {
  test('kustomize builtin transformers are build configuration', () => {
    const dir = tree({ 'labels.yaml': 'apiVersion: builtin\nkind: LabelTransformer\nmetadata: {name: labels}\nlabels: {team: shop}\nfieldSpecs: [{path: metadata/labels, create: true}]\n' });
    const r = json(dir, ['.']);
    expect(r.findings).toEqual([]);
    expect(r.skipped).toEqual([{ file: 'labels.yaml', line: 1, reason: 'LabelTransformer (builtin) is a kustomize builtin generator or transformer, not an object for a cluster' }]);
  });

  test('GatewayClass and other cluster-scoped kinds of common CRDs need no namespace', () => {
    const dir = tree({
      'gc.yaml': 'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: internal}\nspec: {controllerName: example.com/gw}\n---\n'
        + 'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: default}\nspec: {}\n',
    });
    const r = json(dir, ['.']);
    expect(r.findings.map((f: any) => f.rule)).not.toContain('namespace-not-default');
  });

  test('custom_secrets: [] is no secret', () => {
    const dir = tree({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\nimmutable: true\ndata:\n  app.yaml: |\n    custom_secrets: []\n    api_token: ""\n    other: {}\n' });
    expect(json(dir, ['.']).findings.filter((f: any) => f.rule === 'configmap-secret-content')).toEqual([]);
  });

  test('configmap-rollout reports a ConfigMap once, whatever number of env variables read it', () => {
    const env = Array.from({ length: 17 }, (_, i) => `        - name: V${i}\n          valueFrom: {configMapKeyRef: {name: settings, key: k${i}}}`).join('\n');
    const dir = tree({
      'app.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {k0: "1"}\n---\n'
        + `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: app\n        image: registry.example.com/web:1.0.0\n        env:\n${env}\n`,
    });
    const found = json(dir, ['.']).findings.filter((f: any) => f.rule === 'configmap-rollout');
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('(the pods read it in 17 places: spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name,');
  });
});

describe('SARIF as GitHub code scanning reads it', () => {
  const sarifOf = (dir: string, args: string[]) => check(dir, [...args, '--format', 'sarif']).json();

  test('validates against the SARIF 2.1.0 schema', () => {
    const dir = tree({ 'with space/a#b.yaml': HOST_POD, 'Dockerfile': DOCKERFILE, 'values.yaml': 'a: 1\n', 'broken.yaml': 'a: [\n' });
    const sarif = sarifOf(dir, ['.']);
    const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    // The schema's language pattern is valid only without the u flag (Ajv's default since v8).
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const valid = ajv.validate(schema, sarif);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
  });

  test('artifact URIs are percent-encoded, relative to %SRCROOT%', () => {
    const dir = tree({ 'with space/a#b.yaml': HOST_POD });
    const [result] = sarifOf(dir, ['.']).runs[0].results.filter((r: any) => r.ruleId === 'no-host-network');
    expect(result.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'with%20space/a%23b.yaml', uriBaseId: '%SRCROOT%' });
  });

  test('fingerprints tell identical objects in different files apart', () => {
    const dir = tree({ 'a/pod.yaml': HOST_POD, 'b/pod.yaml': HOST_POD });
    const prints = sarifOf(dir, ['.']).runs[0].results.filter((r: any) => r.ruleId === 'no-host-network').map((r: any) => r.partialFingerprints['cdk8sProdObject/v1']);
    expect(prints).toHaveLength(2);
    expect(new Set(prints).size).toBe(2);
  });

  test('each rule has its helpUri in docs/rules.md; the tool has its real home', () => {
    const driver = sarifOf(tree({ 'pod.yaml': HOST_POD }), ['.']).runs[0].tool.driver;
    expect(driver.informationUri).toBe('https://github.com/cdk8s-prod/cdk8s-prod');
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'rules.md'), 'utf8');
    for (const rule of driver.rules) {
      expect(rule.helpUri).toBe(`https://github.com/cdk8s-prod/cdk8s-prod/blob/main/docs/rules.md#${rule.id}`);
      expect(doc).toContain(`\n### ${rule.id}\n`);
    }
  });
});

describe('the command line', () => {
  test('each command has --help', () => {
    for (const command of ['check', 'rules', 'budget', 'init', 'synth']) {
      let out = '';
      const code = main([command, '--help'], { out: (s) => { out += s; }, err: () => undefined, cwd: ROOT, env: {} });
      expect(code).toBe(0);
      expect(out.startsWith(`usage: cdk8s-prod ${command}`)).toBe(true);
    }
  });

  test('- reads standard input', () => {
    const r = json(ROOT, ['-'], HOST_POD);
    expect(r.findings.filter((f: any) => f.rule === 'no-host-network').map((f: any) => [f.file, f.line])).toEqual([['<stdin>', 5]]);
  });

  test('output piped into a reader that closes early ends quietly, with no stack trace', async () => {
    const dir = tree(Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`p${i}.yaml`, HOST_POD.replace('name: p,', `name: p${i},`)])));
    const child = spawn(process.execPath, [BIN, 'check', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    await new Promise<void>((resolve) => child.stdout.once('data', () => { child.stdout.destroy(); resolve(); }));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(err).toBe('');
    expect(code).toBe(1);
  });

  test('Node.js runtime warnings do not leak onto stderr', () => {
    const warn = path.join(tree({}), 'warn.js');
    fs.writeFileSync(warn, "setImmediate(() => process.emitWarning('a dependency is deprecated', 'DeprecationWarning'));\n");
    const r = spawnSync(process.execPath, ['--require', warn, BIN, 'rules', '--format', 'json'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });

  test('budget exits 1 when a quota is over its hard limit', () => {
    const dir = tree({
      'q.yaml': 'apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q, namespace: shop}\nspec: {hard: {pods: "1", requests.cpu: "1", requests.memory: 1Gi, limits.memory: 1Gi}}\n---\n'
        + 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers: [{name: a, image: "x:1.0.0"}]\n',
    });
    let out = '';
    const code = main(['budget', 'q.yaml'], { out: (s) => { out += s; }, err: () => undefined, cwd: dir, env: {} });
    expect(out).toMatch(/OVER/);
    expect(code).toBe(1);
  });
});

describe('numbers as kubectl reads them', () => {
  test('runAsUser: +_0 is user 0 to kubectl (go-yaml drops underscores), so check says root, not "a string the API server refuses"', () => {
    const pod = (user: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  securityContext: {runAsUser: ${user}, runAsNonRoot: true}\n`
      + '  containers: [{name: c, image: "registry.example.com/a:1.0.0"}]\n';
    const dir = tree({ 'zero.yaml': pod('0'), 'underscore.yaml': pod('+_0'), 'octal.yaml': pod('0o0') });
    const report = json(dir, ['.']);
    const root = (file: string) => report.findings.filter((f: any) => f.file === file && f.rule === 'run-as-non-root').map((f: any) => f.message);
    expect(root('zero.yaml')).toEqual(['container "c" runs as user 0 (root)']);
    expect(root('underscore.yaml')).toEqual(root('zero.yaml'));
    expect(root('octal.yaml')).toEqual(root('zero.yaml'));
    expect(report.findings.filter((f: any) => f.rule === 'field-types')).toEqual([]);
  });
});
