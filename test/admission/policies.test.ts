import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseCel } from '@bufbuild/cel';
import { ClusterPolicy } from '@kubernetes-models/kyverno/kyverno.io/v1/ClusterPolicy';
import { parseAllDocuments } from 'yaml';
import { CATALOGUE, HARD_CORE } from '../../src';
import { AdmissionOptions, admissionPolicies } from '../../src/admission';
import { CEL_VARIABLES } from '../../src/engine/cel';
import { K8sObject } from '../../src/k8s/manifest';
import { run } from '../cli-helpers';
import { apiServerRefusal, fields128Problems } from '../schema';
import { admit } from './api-server';
import { runKyverno, runVap } from './evaluate';

/*
 * The admission policies as objects: valid for Kubernetes (both API versions) and for Kyverno's
 * CRD, one per exported rule, with the modes, namespaces, messages, suppressions and the
 * objects a controller made handled as documented. The verdicts themselves are the
 * differential test's (differential.test.ts).
 */

const byName = (objects: readonly K8sObject[], kind: string, id: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === `cdk8s-prod.${id}`);
  if (!found) throw new Error(`no ${kind} cdk8s-prod.${id}`);
  return found as Record<string, any>;
};

const vap = (o: Partial<AdmissionOptions> = {}) => admissionPolicies({ format: 'vap', ...o });
const kyverno = (o: Partial<AdmissionOptions> = {}) => admissionPolicies({ format: 'kyverno', ...o });

describe('the objects are valid', () => {
  test('v1beta1 (Kubernetes 1.28) policies and bindings: every field in 1.28\'s v1beta1 API, and the schema of v1, whose form it shares', () => {
    // kubernetes-models no longer ships the v1beta1 schema; the 1.28 inventory (cdk8s-plus-28's
    // import of the 1.28 OpenAPI document) has its fields, and v1 kept v1beta1's form.
    const { objects } = vap();
    expect(objects.length).toBeGreaterThan(0);
    expect(objects.every((o) => o.apiVersion === 'admissionregistration.k8s.io/v1beta1')).toBe(true);
    expect(objects.flatMap((o) => [
      ...fields128Problems(o),
      ...apiServerRefusal({ ...o, apiVersion: 'admissionregistration.k8s.io/v1' }),
    ].map((p) => `${o.kind}/${o.metadata?.name}: ${p.path}: ${p.message}`))).toEqual([]);
  });

  test('the 1.28 inventory check can fail: a field v1beta1 does not have is reported', () => {
    const [policy] = vap().objects as unknown as Array<Record<string, any>>;
    expect(fields128Problems({ ...policy, spec: { ...policy.spec, mutations: [] } }).map((p) => p.path)).toEqual(['spec.mutations']);
  });

  test('v1 (Kubernetes 1.30 on) policies and bindings', () => {
    const { objects } = vap({ vapVersion: 'v1' });
    expect(objects.every((o) => o.apiVersion === 'admissionregistration.k8s.io/v1')).toBe(true);
    expect(objects.flatMap((o) => apiServerRefusal(o).map((p) => `${o.kind}/${o.metadata?.name}: ${p.path}: ${p.message}`))).toEqual([]);
  });

  test('Kyverno ClusterPolicies against Kyverno\'s CRD (1.11)', () => {
    const problems: string[] = [];
    for (const o of kyverno().objects) {
      try {
        new ClusterPolicy(o as never).validate();
      } catch (e) {
        problems.push(`${o.metadata?.name}: ${(e as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('a policy that is not valid is reported: the Kyverno validation can fail', () => {
    const [policy] = kyverno().objects as unknown as Array<Record<string, any>>;
    const broken = structuredClone(policy);
    broken.spec.validationFailureAction = 'Refuse';
    expect(() => new ClusterPolicy(broken as never).validate()).toThrow(/validationFailureAction/);
  });

  test('every expression and variable parses as CEL', () => {
    const exprs = [
      ...CEL_VARIABLES.map((v) => v.expression),
      ...vap().plan.admitted.map((a) => a.expression),
    ];
    const bad = exprs.filter((e) => {
      try {
        parseCel(e);
        return false;
      } catch {
        return true;
      }
    });
    expect(bad).toEqual([]);
  });
});

describe('what is written', () => {
  test('one policy and one binding per exported rule, named for it, matching CREATE and UPDATE', () => {
    const { plan, objects } = vap();
    const ids = plan.admitted.map((a) => a.rule.id);
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual(ids.flatMap((id) => [
      `ValidatingAdmissionPolicy/cdk8s-prod.${id}`, `ValidatingAdmissionPolicyBinding/cdk8s-prod.${id}`,
    ]));
    for (const id of ids) {
      const p = byName(objects, 'ValidatingAdmissionPolicy', id);
      expect(p.spec.failurePolicy).toBe('Fail');
      for (const r of p.spec.matchConstraints.resourceRules) expect(r.operations).toEqual(['CREATE', 'UPDATE']);
      expect(byName(objects, 'ValidatingAdmissionPolicyBinding', id).spec.policyName).toBe(`cdk8s-prod.${id}`);
    }
  });

  test('every rule of the catalogue is either written or said to be held elsewhere, with a reason', () => {
    const { plan } = vap({ settings: { allowedRegistries: ['registry.example.com'], requireImageDigests: true } });
    const covered = [...plan.admitted.map((a) => a.rule.id), ...plan.elsewhere.map((e) => e.rule.id)].sort();
    expect(covered).toEqual(CATALOGUE.map((r) => r.id).sort());
    for (const e of plan.elsewhere) expect([e.rule.id, e.reason.length > 20]).toEqual([e.rule.id, true]);
  });

  test('the hard core is written whole: each of its rules is a policy, or the API server itself refuses what it flags', () => {
    const { plan } = vap();
    for (const r of HARD_CORE) {
      const a = plan.admitted.find((x) => x.rule === r);
      const e = plan.elsewhere.find((x) => x.rule === r);
      expect([r.id, a !== undefined || e?.gate === 'api-server' || (r.id === 'unique-object-identity' && e?.gate === 'synth-and-ci')]).toEqual([r.id, true]);
    }
  });

  test('each message names the rule and its remediation, and how to make an exception when there can be one', () => {
    for (const a of vap().plan.admitted) {
      expect(a.message.startsWith(`${a.rule.id}: `)).toBe(true);
      expect(a.message).toContain(a.rule.remediation);
      if (a.rule.suppressible) expect(a.message).toContain(`cdk8s-prod.io/suppress.${a.rule.id}: <why this object is one>`);
      else expect(a.message).toContain('hard core and has no exceptions');
    }
  });

  test('modes: deny refuses on error rules and warns on warning rules; warn and audit never refuse', () => {
    const actions = (mode: AdmissionOptions['mode']) => new Map(vap({ mode }).objects
      .filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding')
      .map((o) => [(o as any).spec.policyName as string, (o as any).spec.validationActions as string[]]));
    const deny = actions('deny');
    for (const a of vap().plan.admitted) expect(deny.get(`cdk8s-prod.${a.rule.id}`)).toEqual(a.rule.severity === 'error' ? ['Deny'] : ['Warn']);
    expect(new Set([...actions('warn').values()].map((v) => v.join()))).toEqual(new Set(['Warn']));
    expect(new Set([...actions('audit').values()].map((v) => v.join()))).toEqual(new Set(['Audit']));
    const kyvernoActions = (mode: AdmissionOptions['mode']) => new Set(kyverno({ mode }).objects.map((o) => (o as any).spec.validationFailureAction));
    expect(kyvernoActions('deny')).toEqual(new Set(['Enforce', ...(vap().plan.admitted.some((a) => a.rule.severity === 'warning') ? ['Audit'] : [])]));
    expect(kyvernoActions('warn')).toEqual(new Set(['Audit']));
  });

  test('the control plane\'s namespaces are left alone by default; --all-namespaces and a list of our own', () => {
    const binding = (o: Partial<AdmissionOptions>) => byName(vap(o).objects, 'ValidatingAdmissionPolicyBinding', 'no-privileged');
    expect(binding({}).spec.matchResources.namespaceSelector.matchExpressions).toEqual([
      { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'kube-public', 'kube-node-lease'] },
    ]);
    expect(binding({ excludeNamespaces: [] }).spec.matchResources).toBeUndefined();
    expect(binding({ excludeNamespaces: ['monitoring'] }).spec.matchResources.namespaceSelector.matchExpressions[0].values).toEqual(['monitoring']);
    expect(byName(kyverno().objects, 'ClusterPolicy', 'no-privileged').spec.rules[0].exclude.any[0].resources.namespaces)
      .toEqual(['kube-system', 'kube-public', 'kube-node-lease']);
  });

  test('the image rules that need settings are written only with them', () => {
    const without = vap().plan;
    expect(without.elsewhere.filter((e) => e.gate === 'needs-settings').map((e) => e.rule.id).sort())
      .toEqual(without.elsewhere.filter((e) => ['image-registry-allowed', 'image-digest-required'].includes(e.rule.id) && e.gate === 'needs-settings').map((e) => e.rule.id).sort());
  });

  test('the output is the same from one run to the next', () => {
    expect(JSON.stringify(vap().objects)).toBe(JSON.stringify(vap().objects));
  });
});

// A privileged Deployment and the same object with the exceptions the gate knows about.
interface Extra { annotations?: Record<string, string>; ownerReferences?: unknown[]; deletionTimestamp?: string }

function deployment(extra: Extra = {}): K8sObject {
  const manifest = {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', ...extra },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image: 'registry.example.com/shop/web:1.4.2', securityContext: { privileged: true } }] },
      },
    },
  };
  const admitted = admit(manifest);
  if (!admitted.object) throw new Error(admitted.refused);
  return admitted.object;
}

describe('the gate\'s exceptions', () => {
  const both = (id: string, obj: K8sObject) => [
    runVap(byName(vap().objects, 'ValidatingAdmissionPolicy', id), obj).allowed,
    runKyverno(byName(kyverno().objects, 'ClusterPolicy', id), obj).allowed,
  ];
  const suppressibleId = 'drop-all-capabilities';
  const reason = 'The vendor image needs its capabilities until the 2.0 release.';

  test('a suppression with a reason is honoured for a suppressible rule, as check honours it', () => {
    expect(both(suppressibleId, deployment())).toEqual([false, false]);
    expect(both(suppressibleId, deployment({ annotations: { [`cdk8s-prod.io/suppress.${suppressibleId}`]: reason } }))).toEqual([true, true]);
    expect(both(suppressibleId, deployment({ annotations: { [`cdk8s-prod.io/suppress.${suppressibleId}`]: 'todo' } }))).toEqual([false, false]);
    expect(both('suppression-valid', deployment({ annotations: { [`cdk8s-prod.io/suppress.${suppressibleId}`]: 'todo' } }))).toEqual([false, false]);
  });

  test('a suppression of a hard-core rule is not honoured, and is itself refused', () => {
    const obj = deployment({ annotations: { 'cdk8s-prod.io/suppress.no-privileged': reason } });
    expect(both('no-privileged', obj)).toEqual([false, false]);
    expect(both('suppression-valid', obj)).toEqual([false, false]);
  });

  test('an object a controller made skips the suppressible rules, never the hard core', () => {
    const owner = { apiVersion: 'example.com/v1', kind: 'App', name: 'web', uid: '0b6a9f1e-4c1d-4e55-9b1a-2f7c2d1e9a10', controller: true };
    const owned = deployment({ ownerReferences: [owner] });
    expect(both(suppressibleId, owned)).toEqual([true, true]);
    expect(both('no-privileged', owned)).toEqual([false, false]);
  });

  test('an object being deleted is let through, so that its finalizers can be removed', () => {
    expect(both('no-privileged', deployment({ deletionTimestamp: '2026-12-02T10:00:00Z' }))).toEqual([true, true]);
  });
});

describe('cdk8s-prod admission', () => {
  test('writes the policies as YAML documents after a header that lists the rules by gate', () => {
    const r = run(['admission', '--format', 'vap']);
    expect(r.code).toBe(0);
    const docs = parseAllDocuments(r.out).map((d) => d.toJS());
    expect(docs).toEqual(JSON.parse(JSON.stringify(vap().objects)));
    expect(r.out).toMatch(/^# cdk8s-prod .* admission policies \(ValidatingAdmissionPolicy v1beta1, mode deny\)\.\n# Enforced at admission \(\d+\): /);
    expect(r.out).toMatch(/\n# Held by the API server itself \(\d+\): [^\n]*field-types/);
  });

  test('--format kyverno --mode audit --pack images: the images pack and the hard core, as ClusterPolicies that report', () => {
    const r = run(['admission', '--format', 'kyverno', '--mode', 'audit', '--pack', 'images']);
    expect(r.code).toBe(0);
    const docs = parseAllDocuments(r.out).map((d) => d.toJS());
    expect(new Set(docs.map((d) => d.kind))).toEqual(new Set(['ClusterPolicy']));
    expect(new Set(docs.map((d) => d.spec.validationFailureAction))).toEqual(new Set(['Audit']));
    const packs = new Set(docs.map((d) => d.metadata.annotations['cdk8s-prod.io/pack']));
    for (const p of packs) expect(['images', ...HARD_CORE.map((h) => h.pack)]).toContain(p);
  });

  test('--api v1 and --out write the 1.30 form to a file, atomically', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-admission-'));
    const r = run(['admission', '--format', 'vap', '--api', 'v1', '--rule', 'no-host-path', '--out', path.join(dir, 'policies.yaml')]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(fs.readdirSync(dir)).toEqual(['policies.yaml']);
    const docs = parseAllDocuments(fs.readFileSync(path.join(dir, 'policies.yaml'), 'utf8')).map((d) => d.toJS());
    expect(new Set(docs.map((d) => d.apiVersion))).toEqual(new Set(['admissionregistration.k8s.io/v1']));
    expect(docs.some((d) => d.metadata.name === 'cdk8s-prod.no-host-path')).toBe(true);
  });

  test.each([
    [['admission'], 'admission needs --format: one of vap, kyverno'],
    [['admission', '--format', 'opa'], '--format must be one of vap, kyverno; got "opa"'],
    [['admission', '--format', 'vap', '--mode', 'block'], '--mode must be one of deny, warn, audit; got "block"'],
    [['admission', '--format', 'kyverno', '--api', 'v1'], '--api chooses the ValidatingAdmissionPolicy version: it goes with --format vap'],
    [['admission', '--format', 'vap', '--pack', 'nope'], '--pack: unknown pack "nope"'],
    [['admission', '--format', 'vap', '--rule', 'no-such-rule'], '--rule: no rule "no-such-rule" in the catalogue'],
    [['admission', '--format', 'vap', '--all-namespaces', '--exclude-namespace', 'x'], '--all-namespaces and --exclude-namespace contradict each other'],
    [['admission', '--format', 'vap', 'extra'], 'admission takes no arguments; got "extra"'],
  ])('%j is a usage error', (args, message) => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });
});
