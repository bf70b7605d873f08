import { audit } from '../src/catalogue/audit';
import { AuditReport, Finding } from '../src/engine/finding';
import { K8sObject } from '../src/k8s/manifest';
import { CATALOGUE } from '../src/catalogue';
import { Rule } from '../src/engine/rule';

/** Audits objects with the whole catalogue. */
export function auditAll(objects: K8sObject[]): AuditReport {
  return audit(objects.map((object) => ({ object })), CATALOGUE);
}

/** The unsuppressed findings of one rule (looked up in the catalogue by id) over a set of objects. */
export function findingsOf(ruleId: string, objects: K8sObject[]): Finding[] {
  const rule = CATALOGUE.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`no rule "${ruleId}" in the catalogue`);
  return audit(objects.map((object) => ({ object })), [rule]).findings;
}

/** [rule, path] pairs, the most useful shape for explicit assertions. */
export function rulePaths(findings: Finding[]): Array<[string, string]> {
  return findings.map((f) => [f.rule, f.path]);
}

export function ruleById(id: string): Rule {
  const rule = CATALOGUE.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule "${id}"`);
  return rule;
}

/** Replaces the object of the same kind and name in a set. */
export function replace(objects: K8sObject[], changed: K8sObject): K8sObject[] {
  return objects.map((o) => (o.kind === changed.kind && o.metadata?.name === changed.metadata?.name ? changed : o));
}

/**
 * What cdk8s-cli's copy of a published folder holds (files by relative path). The tests that use
 * it compare it with what cdk8s-cli really prints and packages (test/cdk8s-cli.test.ts, the user
 * projects), which is the oracle for this function.
 */
export { cliCopyOf } from '../src/synth/atomic-dir';
