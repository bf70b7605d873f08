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
 * What cdk8s-cli's copy of a published folder holds (files by relative path): the manifests
 * without kustomization.yaml, each starting a YAML document. Written out here, not computed by
 * the code under test, so a change of that code shows as a difference.
 */
export function cliCopyOf(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files)
    .filter(([f]) => !f.endsWith('kustomization.yaml'))
    .map(([f, text]) => [f, text.startsWith('---') ? text : `---\n${text}`]));
}
