import * as fc from 'fast-check';
import { CATALOGUE } from '../../src';
import { AdmittedRule, admissionPolicies, skipsControlledObjects } from '../../src/admission';
import { audit } from '../../src/catalogue/audit';
import { AuditSettings, Rule } from '../../src/engine/rule';
import { K8sObject } from '../../src/k8s/manifest';
import { admit } from './api-server';
import { corpus } from './corpus';
import { Outcome, runKyverno, runVap } from './evaluate';
import { admissionObject } from './gen';

/*
 * Differential test of the admission gate: for every rule it exports, the policies we write
 * (ValidatingAdmissionPolicy and Kyverno, evaluated by @bufbuild/cel) must give the verdict of
 * the TypeScript rule that `check` runs, on every object the API server would admit: each
 * rule's examples, dist/, the hostile corpus, the check inputs, and generated objects.
 * Both sides see the object as admission does (test/admission/api-server.ts): typed, nulls
 * gone, defaults filled in. The one difference by design: an object a controller made skips the
 * rules whose owner was judged for it (skipsControlledObjects).
 *
 * ADMISSION_SEED=<n> replays a run; ADMISSION_RUNS=<n> sets the generated objects per rule.
 */

// A fixed seed by default, so that a run is reproducible in CI; ADMISSION_SEED explores others.
const SEED = Number(process.env.ADMISSION_SEED ?? 20261202);
const RUNS = Number(process.env.ADMISSION_RUNS ?? 250);
/** Allowed registries and digests, so that the rules that need settings are exported and tested too. */
const SETTINGS: AuditSettings = { allowedRegistries: ['registry.example.com', 'docker.io/library'], requireImageDigests: true };

const vap = admissionPolicies({ format: 'vap', settings: SETTINGS });
const kyverno = admissionPolicies({ format: 'kyverno', settings: SETTINGS });
const exported: readonly AdmittedRule[] = vap.plan.admitted;

function policyOf(objects: readonly K8sObject[], kind: string, rule: Rule): Record<string, any> {
  const p = objects.find((o) => o.kind === kind && o.metadata?.name === `cdk8s-prod.${rule.id}`);
  if (!p) throw new Error(`no ${kind} for ${rule.id}`);
  return p;
}

function controlled(obj: K8sObject): boolean {
  const refs = (obj.metadata as Record<string, any> | undefined)?.ownerReferences;
  return Array.isArray(refs) && refs.some((r) => r?.controller === true);
}

/** What `check` says of the object, for this rule: allowed when it has no finding of it. */
function checkAllows(rule: Rule, obj: K8sObject): boolean {
  if (skipsControlledObjects(rule) && controlled(obj)) return true;
  return !audit([{ object: obj }], [rule], SETTINGS).findings.some((f) => f.rule === rule.id);
}

interface Verdicts { readonly check: boolean; readonly vap: Outcome; readonly kyverno: Outcome }

function verdicts(rule: Rule, obj: K8sObject): Verdicts {
  return {
    check: checkAllows(rule, obj),
    vap: runVap(policyOf(vap.objects, 'ValidatingAdmissionPolicy', rule), obj),
    kyverno: runKyverno(policyOf(kyverno.objects, 'ClusterPolicy', rule), obj),
  };
}

function disagreement(rule: Rule, obj: K8sObject, v: Verdicts): string | undefined {
  if (v.vap.allowed === v.check && v.kyverno.allowed === v.check) return undefined;
  const findings = audit([{ object: obj }], [rule], SETTINGS).findings.filter((f) => f.rule === rule.id).map((f) => `${f.path}: ${f.message}`);
  return `${rule.id}: check ${v.check ? 'allows' : 'denies'} (${findings.join('; ') || 'no finding'}), `
    + `the ValidatingAdmissionPolicy ${v.vap.allowed ? 'allows' : 'denies'}${v.vap.error ? ` (error: ${v.vap.error})` : ''}, `
    + `Kyverno ${v.kyverno.allowed ? 'allows' : 'denies'}${v.kyverno.error ? ` (error: ${v.kyverno.error})` : ''}\n${JSON.stringify(obj)}`;
}

/** The corpus as admission sees it. */
const admittedCorpus = corpus().flatMap((c) => {
  const a = admit(c.object);
  return a.object ? [{ where: c.where, object: a.object }] : [];
});

test('the corpus holds objects the API server would admit', () => {
  expect(admittedCorpus.length).toBeGreaterThan(150);
});

test('the exported rules include every hard-core rule the gate can judge and the per-object rules of patterns 3, 4, 6, 7, 8, 9 and 10', () => {
  const ids = new Set(exported.map((a) => a.rule.id));
  const elsewhere = new Map(vap.plan.elsewhere.map((e) => [e.rule.id, e]));
  for (const r of CATALOGUE.filter((x) => !x.suppressible)) {
    expect([r.id, ids.has(r.id) || elsewhere.get(r.id)?.gate === 'api-server' || elsewhere.get(r.id)?.gate === 'synth-and-ci']).toEqual([r.id, true]);
  }
  expect(exported.length).toBeGreaterThan(0);
});

describe(`admission policies agree with check (seed ${SEED}, ${RUNS} generated objects per rule)`, () => {
  for (const a of exported) {
    describe(a.rule.id, () => {
      // Matched objects by verdict, over the corpus and the generated objects: both must occur.
      let allowed = 0;
      let denied = 0;

      test('on the examples, dist/ and the corpus', () => {
        const problems = admittedCorpus.map((c) => {
          const v = verdicts(a.rule, c.object);
          if (v.vap.matched) {
            if (v.check) allowed++;
            else denied++;
          }
          const d = disagreement(a.rule, c.object, v);
          return d && `${c.where}: ${d}`;
        }).filter((d): d is string => d !== undefined);
        expect(problems).toEqual([]);
      });

      test('on generated objects, with both verdicts among them and the corpus', () => {
        fc.assert(fc.property(admissionObject, (manifest) => {
          const admitted = admit(manifest);
          fc.pre(admitted.object !== undefined);
          const obj = admitted.object!;
          const v = verdicts(a.rule, obj);
          const d = disagreement(a.rule, obj, v);
          if (d) throw new Error(d);
          if (v.vap.matched) {
            if (v.check) allowed++;
            else denied++;
          }
        }), { seed: SEED, numRuns: RUNS, maxSkipsPerRun: 20 });
        expect({ allowed: allowed > 0, denied: denied > 0 }).toEqual({ allowed: true, denied: true });
      });
    });
  }
});
