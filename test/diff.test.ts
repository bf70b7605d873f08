import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { K8sObject } from '../src';
import { diffOutputs } from '../src/k8s/diff';
import { ROOT, run } from './cli-helpers';

/** Issue 18: `cdk8s-prod diff`, a semantic diff of two GitOps outputs with the risky changes called out. */

const deployment = (replicas: number, image: string, extra: Record<string, unknown> = {}): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', ...extra },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [{
          name: 'app', image,
          readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
          resources: { limits: { cpu: '500m', memory: '256Mi' } },
        }, { name: 'proxy', image: 'nginx:1.27.3' }],
      },
    },
  },
});
const pdb = (spec: Record<string, unknown>): K8sObject => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'shop' }, spec });
const policy = (ingress: unknown[]): K8sObject => ({
  apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web', namespace: 'shop' },
  spec: { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress },
});
const role = (verbs: string[]): K8sObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader', namespace: 'shop' },
  rules: [{ apiGroups: [''], resources: ['configmaps'], verbs }],
});

describe('diffOutputs', () => {
  test('identical outputs, in any order, have no difference', () => {
    const a = [deployment(3, 'web:1.0.0'), pdb({ minAvailable: 2 })];
    expect(diffOutputs(a, [...a].reverse())).toEqual({ objects: [], summary: { added: 0, removed: 0, changed: 0, risks: 0 } });
  });

  test('objects are matched by identity; containers by name, not position', () => {
    const before = deployment(3, 'web:1.0.0');
    const after = deployment(3, 'web:1.0.1');
    (after.spec as any).template.spec.containers.reverse();
    const d = diffOutputs([before], [after]);
    expect(d.objects).toEqual([{
      object: 'Deployment/web in namespace shop', kind: 'Deployment', change: 'changed',
      fields: [{ path: 'spec.template.spec.containers[name=app].image', before: 'web:1.0.0', after: 'web:1.0.1' }],
      risks: ['image changed at spec.template.spec.containers[name=app].image: web:1.0.0 → web:1.0.1'],
    }]);
  });

  test('replicas down, a probe removed, a limit cut, a suppression added', () => {
    const after = deployment(2, 'web:1.0.0', { annotations: { 'cdk8s-prod.io/suppress.cpu-limit': 'Latency-sensitive; throttling costs more.' } });
    const app = (after.spec as any).template.spec.containers[0];
    delete app.readinessProbe;
    app.resources.limits.memory = '128Mi';
    delete app.resources.limits.cpu;
    const [o] = diffOutputs([deployment(3, 'web:1.0.0')], [after]).objects;
    expect(o.risks).toEqual([
      'suppression added: cpu-limit (Latency-sensitive; throttling costs more.)',
      'probe removed: spec.template.spec.containers[name=app].readinessProbe',
      'cpu limit removed at spec.template.spec.containers[name=app].resources.limits.cpu: 500m → (none)',
      'memory limit cut at spec.template.spec.containers[name=app].resources.limits.memory: 256Mi → 128Mi',
      'replicas down: 3 → 2',
    ]);
    expect(o.fields.find((f) => f.path.endsWith('readinessProbe'))).toEqual({ path: 'spec.template.spec.containers[name=app].readinessProbe', before: { httpGet: { path: '/ready', port: 8080 } } });
  });

  test('limits removed with the whole limits or resources field are still called out', () => {
    const without = (change: (c: any) => void) => {
      const after = deployment(3, 'web:1.0.0');
      change((after.spec as any).template.spec.containers[0]);
      return diffOutputs([deployment(3, 'web:1.0.0')], [after]).objects[0].risks;
    };
    const removed = [
      'cpu limit removed at spec.template.spec.containers[name=app].resources.limits.cpu: 500m → (none)',
      'memory limit removed at spec.template.spec.containers[name=app].resources.limits.memory: 256Mi → (none)',
    ];
    expect(without((c) => delete c.resources.limits)).toEqual(removed);
    expect(without((c) => delete c.resources)).toEqual(removed);
    expect(without((c) => { c.resources.limits = { memory: '1Gi' }; })).toEqual([removed[0]]);
  });

  test('replicas up and a limit raised are changes, not risks', () => {
    const after = deployment(4, 'web:1.0.0');
    (after.spec as any).template.spec.containers[0].resources.limits.memory = '512Mi';
    const [o] = diffOutputs([deployment(3, 'web:1.0.0')], [after]).objects;
    expect(o.fields.map((f) => f.path)).toEqual(['spec.replicas', 'spec.template.spec.containers[name=app].resources.limits.memory']);
    expect(o.risks).toEqual([]);
  });

  test('a disruption budget loosened or changed in kind; tightened is no risk', () => {
    const risks = (a: Record<string, unknown>, b: Record<string, unknown>) => diffOutputs([pdb(a)], [pdb(b)]).objects[0].risks;
    expect(risks({ minAvailable: 2 }, { minAvailable: 1 })).toEqual(['disruption budget loosened: minAvailable 2 → minAvailable 1']);
    expect(risks({ maxUnavailable: 1 }, { maxUnavailable: 2 })).toEqual(['disruption budget loosened: maxUnavailable 1 → maxUnavailable 2']);
    expect(risks({ minAvailable: '50%' }, { minAvailable: '25%' })).toEqual(['disruption budget loosened: minAvailable 50% → minAvailable 25%']);
    expect(risks({ minAvailable: 2 }, { maxUnavailable: 1 })).toEqual(['disruption budget changed: minAvailable 2 → maxUnavailable 1']);
    expect(risks({ minAvailable: 1 }, { minAvailable: 2 })).toEqual([]);
  });

  test('NetworkPolicy and RBAC changes, removed guards and added roles', () => {
    expect(diffOutputs([policy([{ from: [{ podSelector: {} }] }])], [policy([{}])]).objects[0].risks)
      .toEqual(['network policy changed: spec.ingress (who may connect)']);
    expect(diffOutputs([role(['get'])], [role(['get', 'list', 'watch'])]).objects[0].risks).toEqual(['RBAC widened or changed: rules']);
    const removed = diffOutputs([pdb({ minAvailable: 2 }), policy([])], []);
    expect(removed.objects.map((o) => [o.change, o.risks])).toEqual([
      ['removed', ['NetworkPolicy removed']],
      ['removed', ['PodDisruptionBudget removed']],
    ]);
    expect(diffOutputs([], [role(['*'])]).objects.map((o) => [o.change, o.object, o.risks])).toEqual([['added', 'Role/reader in namespace shop', ['RBAC added: Role']]]);
  });

  test('a Job whose template changes cannot be updated in place', () => {
    const job = (image: string): K8sObject => ({
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'shop' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'job', image }] } } },
    });
    expect(diffOutputs([job('m:1')], [job('m:2')]).objects[0].risks).toEqual([
      'image changed at spec.template.spec.containers[name=job].image: m:1 → m:2',
      'a Job\'s pod template cannot be updated in place: the apply fails unless the Job is replaced (see ProductionApp\'s gitops prop)',
    ]);
  });

  test('Lists are expanded as kubectl expands them', () => {
    const list: K8sObject = { apiVersion: 'v1', kind: 'List', metadata: {}, items: [deployment(3, 'web:1.0.0')] } as any;
    expect(diffOutputs([list], [deployment(3, 'web:1.0.0')]).objects).toEqual([]);
  });
});

describe('cdk8s-prod diff', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-diff-'));
  const folder = (objects: K8sObject[]) => {
    const d = tmp();
    fs.writeFileSync(path.join(d, 'all.yaml'), objects.map((o) => YAML.stringify(o)).join('---\n'));
    return d;
  };
  const [base, next] = [folder([deployment(3, 'web:1.0.0')]), folder([deployment(2, 'web:1.0.0'), pdb({ minAvailable: 1 })])];

  test('text, with exit 0, or 1 with --exit-code when they differ', () => {
    const r = run(['diff', base, next]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe([
      'cdk8s-prod diff: 1 added, 0 removed, 1 changed; 1 risk',
      '~ Deployment/web in namespace shop',
      '    risk: replicas down: 3 → 2',
      '    spec.replicas: 3 → 2',
      '+ PodDisruptionBudget/web in namespace shop',
      '',
    ].join('\n'));
    expect(run(['diff', base, next, '--exit-code']).code).toBe(1);
    expect(run(['diff', base, base, '--exit-code']).code).toBe(0);
  });

  test('markdown for a pull request, json for tools', () => {
    const md = run(['diff', base, next, '--format', 'markdown']).out;
    expect(md).toContain('### Look twice\n\n- **Deployment/web in namespace shop**: replicas down: 3 → 2\n');
    expect(md).toContain('| changed | Deployment/web in namespace shop | 1 |');
    expect(md).toContain('| `spec.replicas` | 3 | 2 |');
    const json = JSON.parse(run(['diff', base, next, '--format', 'json']).out);
    expect(json.summary).toEqual({ added: 1, removed: 0, changed: 1, risks: 1 });
  });

  test('a folder at a git ref (REF:FOLDER) against the working tree: the committed dist/ equals itself', () => {
    const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
    if (head.status !== 0) return;
    const dirty = spawnSync('git', ['status', '--porcelain', '--', 'dist'], { cwd: ROOT, encoding: 'utf8' }).stdout;
    const r = run(['diff', 'HEAD:dist', 'dist', '--exit-code']);
    expect(r.err).toBe('');
    expect(r.code).toBe(dirty === '' ? 0 : 1);
  });

  test('usage errors and unreadable input exit 2', () => {
    expect(run(['diff', base]).code).toBe(2);
    expect(run(['diff', base, path.join(base, 'nope')]).err).toContain('no such folder');
    const broken = tmp();
    fs.writeFileSync(path.join(broken, 'x.yaml'), 'a: [\n');
    const r = run(['diff', base, broken]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('x.yaml:');
    expect(run(['diff', 'no-such-ref-xyz:dist', base]).err).toContain('cannot read dist at no-such-ref-xyz from git');
    const out = path.join(tmp(), 'written.tar');
    const option = run(['diff', '--', `--output=${out}:dist`, base]);
    expect(option.code).toBe(2);
    expect(option.err).toContain(`"--output=${out}" is no git ref (a ref does not start with "-")`);
    expect(fs.existsSync(out)).toBe(false);
  });
});
