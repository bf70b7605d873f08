import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ALL_RULES } from '../src/catalogue';
import { PACK_IDS } from '../src/engine/packs';
import { staleDocs } from '../scripts/docs';
import { ROOT, run } from './cli-helpers';

const W = (f: string) => `test/workshop/${f}`;

function jsonFindings(args: string[]) {
  const r = run([...args, '--format', 'json']);
  return { ...r, json: JSON.parse(r.out) };
}

/** [rule, path] of one file's findings. */
function rulesIn(findings: any[], file: string): Array<[string, string]> {
  return findings.filter((f) => f.file === file).map((f) => [f.rule, f.path]);
}

describe('cdk8s-prod check: the workshop\'s anti-patterns', () => {
  const { code, json } = jsonFindings(['check', 'test/workshop']);

  test('exits 1 on error findings', () => {
    expect(code).toBe(1);
  });

  test('the unbounded failing Job (pattern 9)', () => {
    expect(rulesIn(json.findings, W('bad-job.yaml'))).toEqual(expect.arrayContaining([
      ['job-active-deadline', 'spec.activeDeadlineSeconds'],
      ['job-backoff-limit', 'spec.backoffLimit'],
      ['job-ttl-seconds-after-finished', 'spec.ttlSecondsAfterFinished'],
      ['image-tag-required', 'spec.template.spec.containers[0].image'],
    ]));
    const deadline = json.findings.find((f: any) => f.file === W('bad-job.yaml') && f.rule === 'job-active-deadline');
    expect(deadline).toMatchObject({ severity: 'error', line: 6, kind: 'Job', name: 'bad', namespace: '' });
  });

  test('the latest-tagged bare Pod in default (patterns 3 and 7)', () => {
    expect(rulesIn(json.findings, W('latest-pod.yaml'))).toEqual(expect.arrayContaining([
      ['no-bare-pod', 'kind'],
      ['image-not-latest', 'spec.containers[0].image'],
      ['namespace-not-default', 'metadata.namespace'],
    ]));
    const latest = json.findings.find((f: any) => f.rule === 'image-not-latest');
    expect(latest.line).toBe(10);
  });

  test('the OOM-killed memory hog without requests (pattern 10)', () => {
    expect(rulesIn(json.findings, W('quota-pod.yaml'))).toEqual(expect.arrayContaining([
      ['cpu-request', 'spec.containers[0].resources.requests.cpu'],
      ['memory-request', 'spec.containers[0].resources.requests.memory'],
    ]));
    expect(rulesIn(json.findings, W('quota-pod.yaml'))).not.toContainEqual(['memory-limit', 'spec.containers[0].resources.limits.memory']);
  });

  test('the slow server with no readiness probe (pattern 8)', () => {
    const found = rulesIn(json.findings, W('readiness-deployment.yaml'));
    expect(found).toContainEqual(['readiness-probe', 'spec.template.spec.containers[0].readinessProbe']);
    expect(found).not.toContainEqual(['rolling-update-max-unavailable', 'spec.strategy.rollingUpdate.maxUnavailable']);
  });

  test('the backgrounded server with no liveness probe, single replica (pattern 4)', () => {
    expect(rulesIn(json.findings, W('background-deployment.yaml'))).toEqual(expect.arrayContaining([
      ['liveness-probe', 'spec.template.spec.containers[0].livenessProbe'],
      ['minimum-replicas', 'spec.replicas'],
    ]));
  });

  test('sleep as PID 1 in a bare Pod (patterns 2 and 3)', () => {
    expect(rulesIn(json.findings, W('zombies-pod.yaml'))).toEqual(expect.arrayContaining([
      ['no-bare-pod', 'kind'],
      ['pid1-init', 'spec.containers[0].command'],
    ]));
  });
});

describe('cdk8s-prod check: output formats and exit codes', () => {
  test('JSON has the documented shape', () => {
    const { json } = jsonFindings(['check', W('bad-job.yaml')]);
    expect(Object.keys(json)).toEqual(['findings', 'skipped', 'summary']);
    for (const f of json.findings) {
      expect(Object.keys(f)).toEqual(['rule', 'severity', 'file', 'line', 'kind', 'namespace', 'name', 'path', 'message']);
      expect(['error', 'warning']).toContain(f.severity);
      expect(typeof f.line).toBe('number');
    }
    expect(json.summary).toMatchObject({ files: 1, objects: 1, suppressed: 0, skipped: 0, problems: [] });
    expect(json.summary.errors).toBe(json.findings.filter((f: any) => f.severity === 'error').length);
  });

  test('SARIF 2.1.0 for GitHub code scanning', () => {
    const r = run(['check', W('bad-job.yaml'), '--format', 'sarif']);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.out);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toContain('sarif-2.1.0');
    const runObj = sarif.runs[0];
    expect(runObj.tool.driver.name).toBe('cdk8s-prod');
    expect(runObj.tool.driver.rules.map((d: any) => d.id)).toEqual(ALL_RULES.map((rule) => rule.id));
    const deadline = runObj.results.find((x: any) => x.ruleId === 'job-active-deadline');
    expect(deadline).toMatchObject({
      level: 'error',
      ruleIndex: ALL_RULES.findIndex((rule) => rule.id === 'job-active-deadline'),
      locations: [{ physicalLocation: { artifactLocation: { uri: W('bad-job.yaml') }, region: { startLine: 6 } } }],
    });
    expect(deadline.message.text).toContain('Job/bad spec.activeDeadlineSeconds');
    expect(runObj.invocations[0].executionSuccessful).toBe(true);
  });

  test('Markdown for a GitHub step summary: a verdict, the counts and one table row per finding', () => {
    const r = run(['check', W('bad-job.yaml'), '--format', 'markdown']);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('### cdk8s-prod check: :x: errors found');
    const json = JSON.parse(run(['check', W('bad-job.yaml'), '--format', 'json']).out);
    expect(lines).toContain(`| ${json.summary.errors} | ${json.summary.warnings} | 0 | 0 | 1 | 1 |`);
    expect(lines.filter((l) => /^\| (error|warning) \|/.test(l))).toHaveLength(json.findings.length);
    expect(lines).toContain('| error | `job-active-deadline` | test/workshop/bad-job.yaml:6 | Job/bad | `spec.activeDeadlineSeconds` | the Job has no deadline, so a failing Job can retry for ever |');
    expect(run(['check', 'dist', '--format', 'markdown']).out.split('\n')[0]).toBe('### cdk8s-prod check: :white_check_mark: no errors');
  });

  test('a compliant folder exits 0 in every format', () => {
    for (const format of ['text', 'json', 'sarif', 'markdown']) {
      expect(run(['check', 'dist', '--format', format]).code).toBe(0);
    }
  });

  test('bad YAML exits 2 with file and line, and the other files are still checked', () => {
    const r = jsonFindings(['check', 'test/inputs/broken.yaml', W('bad-job.yaml')]);
    expect(r.code).toBe(2);
    expect(r.json.summary.problems).toEqual([{ file: 'test/inputs/broken.yaml', line: 8, message: expect.stringContaining('YAML syntax error') }]);
    expect(r.err).toContain('test/inputs/broken.yaml:8: input error: YAML syntax error');
    expect(r.json.findings.some((f: any) => f.rule === 'job-active-deadline')).toBe(true);
    const text = run(['check', 'test/inputs/broken.yaml']);
    expect(text.code).toBe(2);
    expect(text.out).toContain('test/inputs/broken.yaml:8: input error: YAML syntax error');
  });

  test('SARIF reports unreadable input as a failed invocation', () => {
    const r = run(['check', 'test/inputs/broken.yaml', '--format', 'sarif']);
    const inv = JSON.parse(r.out).runs[0].invocations[0];
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'test/inputs/broken.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 8 } });
  });

  test('a missing path, a binary file and usage errors exit 2', () => {
    expect(run(['check', 'no/such/file.yaml']).out).toContain('no/such/file.yaml: input error: no such file or folder');
    expect(run(['check', 'no/such/file.yaml']).code).toBe(2);
    const bin = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bin-')), 'blob.yaml');
    fs.writeFileSync(bin, Buffer.from([0x61, 0x00, 0x62]));
    const b = run(['check', bin]);
    expect(b.code).toBe(2);
    expect(b.out).toContain('binary file');
    expect(run(['check']).code).toBe(2);
    expect(run(['check', 'dist', '--format', 'xml']).err).toContain('--format must be one of text, json, sarif, markdown; got "xml"');
    expect(run(['frobnicate']).err).toContain('unknown command "frobnicate"');
    expect(run(['check', '--nope', 'dist']).code).toBe(2);
  });

  test('List documents are unpacked, other YAML is skipped', () => {
    const r = jsonFindings(['check', 'test/inputs/list.yaml', 'test/inputs/not-kubernetes.yaml']);
    expect(r.json.findings.find((f: any) => f.rule === 'no-bare-pod')).toMatchObject({ name: 'listed', line: 5, path: 'items[0].kind' });
    expect(r.json.summary.skipped).toBe(1);
    expect(r.json.summary.objects).toBe(1);
  });

  test('suppression annotations in YAML are honoured', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'supp-'));
    const doc = fs.readFileSync(path.join(ROOT, 'dist/hello/hello.k8s.yaml'), 'utf8')
      .replace('readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: false');
    fs.writeFileSync(path.join(dir, 'a.yaml'), doc);
    const broken = jsonFindings(['check', dir]);
    expect(broken.code).toBe(1);
    expect(broken.json.findings.map((f: any) => f.rule)).toEqual(['read-only-root-filesystem']);
    const suppressed = doc.replace(/(kind: Deployment\nmetadata:\n)/, '$1  annotations:\n    cdk8s-prod.io/suppress.read-only-root-filesystem: The vendor image rewrites its own config at start.\n');
    fs.writeFileSync(path.join(dir, 'a.yaml'), suppressed);
    const ok = jsonFindings(['check', dir]);
    expect(ok.code).toBe(0);
    expect(ok.json.summary.suppressed).toBe(1);
  });
});

describe('cdk8s-prod rules', () => {
  test('JSON lists the catalogue with its data fields', () => {
    const r = run(['rules', '--format', 'json']);
    const rules = JSON.parse(r.out);
    expect(rules.map((x: any) => x.id)).toEqual(ALL_RULES.map((x) => x.id));
    for (const x of rules) {
      const admission = x.pack === 'dockerfile' ? [] : ['admission'];
      expect(Object.keys(x)).toEqual(['id', 'pack', 'title', 'severity', 'pattern', 'equivalents', 'remediation', 'suppressible', ...admission, 'examples']);
      expect(Object.keys(x.equivalents)).toEqual(['kubeLinter', 'polaris', 'kyverno', 'pss']);
      expect(PACK_IDS).toContain(x.pack);
      expect(x.examples.violating.length).toBeGreaterThan(0);
      expect(x.examples.compliant.length).toBeGreaterThan(0);
    }
  });

  test('markdown equals docs/rules.md, and the generated files are fresh', () => {
    expect(run(['rules', '--format', 'markdown']).out).toBe(fs.readFileSync(path.join(ROOT, 'docs/rules.md'), 'utf8'));
    expect(staleDocs()).toEqual([]);
  });
});

describe('the installed command', () => {
  test('`npx cdk8s-prod` runs the bin from the repo, with exit codes', () => {
    const r = spawnSync('npx', ['--no-install', 'cdk8s-prod', 'check', 'test/workshop/bad-job.yaml', '--format', 'json'], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
    });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).findings.some((f: any) => f.rule === 'job-active-deadline')).toBe(true);
  });

  test('`synth` of TypeScript apps without a ts-node in reach says what to install', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-nots-'));
    fs.mkdirSync(path.join(project, 'apps', 'web'), { recursive: true });
    fs.writeFileSync(path.join(project, 'apps', 'web', 'app.ts'), 'export function build(): void {}\n');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'cdk8s-prod.js'), 'synth'], { cwd: project, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`cdk8s-prod synth: the apps in ${path.join(project, 'apps')} are TypeScript, and no ts-node was found from there or from ${project}: `
      + 'add it to the project (npm install --save-dev ts-node typescript) or compile each app to app.js\n');
    expect(fs.existsSync(path.join(project, 'dist'))).toBe(false);
  });

  test('--version and help need no TypeScript and load no construct library', () => {
    const r = spawnSync(process.execPath, ['-e', `
      process.argv = [process.argv[0], 'cdk8s-prod', '--version'];
      require(${JSON.stringify(path.join(ROOT, 'bin', 'cdk8s-prod.js'))});
      const loaded = Object.keys(require.cache).filter((f) => /node_modules\\/(ts-node|typescript|cdk8s|cdk8s-plus-28|constructs|yaml)\\//.test(f));
      process.stderr.write(JSON.stringify(loaded));`], { encoding: 'utf8' });
    expect(r.stdout).toBe(`${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`);
    expect(r.stderr).toBe('[]');
  });

  test('check loads neither TypeScript nor cdk8s', () => {
    const r = spawnSync(process.execPath, ['-e', `
      process.argv = [process.argv[0], 'cdk8s-prod', 'check', 'test/workshop/bad-job.yaml'];
      require(${JSON.stringify(path.join(ROOT, 'bin', 'cdk8s-prod.js'))});
      const loaded = Object.keys(require.cache).filter((f) => /node_modules\\/(ts-node|typescript|cdk8s|cdk8s-plus-28|constructs)\\//.test(f));
      process.stderr.write(JSON.stringify(loaded));`], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stdout).toContain('job-active-deadline');
    expect(r.stderr).toBe('[]');
  });
});

describe('cdk8s-prod budget', () => {
  test('reports each namespace\'s quota use with its contributors', () => {
    const r = run(['budget', 'dist']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^namespace hello, ResourceQuota quota$/m);
    expect(r.out).toMatch(/^ {2}pods\s+4 of 10\s+40%$/m);
    expect(r.out).toContain('Deployment/web: 4 pods × 50m = 200m (3 replicas + 1 surge during a rollout)');
  });
  test('JSON lists the lines with numbers; unreadable input exits 2', () => {
    const r = run(['budget', 'dist', '--format', 'json']);
    const hello = JSON.parse(r.out).find((u: any) => u.namespace === 'hello');
    expect(hello.lines.find((l: any) => l.key === 'pods')).toMatchObject({ hard: 10, used: 4 });
    expect(run(['budget', 'test/inputs/broken.yaml']).code).toBe(2);
    expect(run(['budget']).code).toBe(2);
  });
});

describe('hostile kinds and keys', () => {
  test('kinds and quota keys named like Object.prototype members are checked, not crashed on', () => {
    const r = jsonFindings(['check', 'test/inputs/prototype-kinds.yaml']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.json.summary).toMatchObject({ objects: 3, problems: [] });
    expect(run(['budget', 'test/inputs/prototype-kinds.yaml']).code).toBe(0);
  });
});
