import { FieldPath, K8sObject, annotationsOf, formatPath, isRecord, nameOf, namespaceOf } from '../k8s/manifest';
import { expandLists } from '../k8s/lists';
import { AuditInput, AuditReport, Finding } from './finding';
import { ObjectIndex } from '../k8s/object-index';
import { AuditSettings, Rule, RuleMeta } from './rule';
import { classifySuppressions } from './suppression-annotations';

export * from './finding';

/**
 * Runs `rules` over every object. Suppressions are judged against `rules` and `known` (the whole
 * catalogue, when the caller runs a part of it), so a valid suppression of a rule that is not
 * run is not reported as unknown. Objects that are not Kubernetes objects (no kind or apiVersion)
 * are the caller's business: the check command reports them, the synth cannot make them.
 */
export function audit(
  given: readonly AuditInput[],
  rules: readonly Rule[],
  settings: AuditSettings = {},
  known: readonly RuleMeta[] = [],
): AuditReport {
  // What a reader of the manifests may apply: each object, and the items of lists (lists.ts).
  const inputs = given.flatMap((input) => expandLists(input.object).map((e) => ({ ...e, source: input.source })));
  const objects = inputs.map((i) => i.object);
  // Suppressions are judged against every known rule, not only the ones this audit runs.
  const byId = new Map<string, RuleMeta>();
  for (const r of [...known, ...rules]) {
    const taken = byId.get(r.id);
    // A look-alike could make a hard-core rule's suppression valid, or shadow the rule.
    if (taken !== undefined && taken !== r) throw new Error(`two different rules have the id "${r.id}"; a custom rule needs an id of its own`);
    byId.set(r.id, r);
  }
  const index = new ObjectIndex(objects);
  const ctx = { index, rules: byId, settings };
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];

  for (const input of inputs) {
    const obj = input.object;
    const src = input.source ?? {};
    const make = (rule: Rule, within: FieldPath, message: string): Finding => {
      const path = [...input.pathPrefix, ...within];
      return {
        rule: rule.id,
        severity: rule.severity,
        pattern: rule.pattern,
        message,
        path: formatPath(path),
        pathSegments: path,
        remediation: rule.remediation,
        kind: obj.kind,
        name: nameOf(obj),
        namespace: namespaceOf(obj),
        ...(src.constructPath !== undefined ? { constructPath: src.constructPath } : {}),
        ...(src.file !== undefined ? { file: src.file, line: src.lineOf?.(path) ?? src.line } : {}),
      };
    };

    const { accepted } = classifySuppressions(annotationsOf(obj), byId);

    for (const rule of rules) {
      if (input.list && !rule.lists) continue;
      let violations;
      try {
        violations = rule.check(obj, ctx);
      } catch (e) {
        // A malformed object must not crash the audit; the schema is not ours to enforce here.
        violations = [{ path: [], message: `could not be checked: ${(e as Error).message}` }];
      }
      if (violations.length === 0) continue;
      const seen = new Set<string>();
      for (const v of violations) {
        // A pod-level value inherited by several containers is one mistake in one place.
        const key = formatPath(v.path);
        if (seen.has(key)) continue;
        seen.add(key);
        const because = accepted.get(rule.id);
        if (because !== undefined) suppressed.push({ ...make(rule, v.path, v.message), suppressedBecause: because });
        else findings.push(make(rule, v.path, v.message));
      }
    }
  }
  return { findings, suppressed, objects: inputs.filter((i) => !i.list).length };
}

/** True when the value looks like a Kubernetes object rather than some other YAML. */
export function isK8sObject(x: unknown): x is K8sObject {
  return isRecord(x) && typeof x.apiVersion === 'string' && typeof x.kind === 'string';
}
