import { CATALOGUE } from '../catalogue';
import {
  ADMISSION_RESOURCES, AdmissionResource, CelVariable, admissionResource, celSuppressed, variablesUsedBy,
} from '../engine/cel';
import { AuditSettings, Rule, isAdmissionCel } from '../engine/rule';
import { suppressionKey } from '../engine/suppression-annotations';

/** A rule the admission gate enforces, ready to be written as a policy of either engine. */
export interface AdmittedRule {
  readonly rule: Rule;
  /** The resources the policy matches, in ADMISSION_RESOURCES order. */
  readonly resources: readonly AdmissionResource[];
  /** The variables the expression reads, in declaration order. */
  readonly variables: readonly CelVariable[];
  /** The whole validation: the rule's CEL, after the suppression and controller tests. */
  readonly expression: string;
  /** The rule id, what is wrong, what to do, and how to make an exception (when there can be one). */
  readonly message: string;
  readonly note?: string;
}

/** Where a rule is enforced when not at admission, and why. */
export interface RuleElsewhere {
  readonly rule: Rule;
  readonly gate: 'synth-and-ci' | 'api-server' | 'needs-settings';
  readonly reason: string;
}

export interface AdmissionPlan {
  readonly admitted: readonly AdmittedRule[];
  readonly elsewhere: readonly RuleElsewhere[];
}

/**
 * Whether objects a controller made (ownerReferences with controller: true) skip the rule at
 * admission: the object that made them was judged, with its suppressions, when it was admitted
 * (a Deployment's suppression is not copied to its Pods). True for every suppressible rule, so
 * a forged owner reference gains nothing a suppression annotation would not; the hard core
 * judges every object, apart from rules about the owner itself (a Pod of a ReplicaSet is no bare Pod).
 */
export function skipsControlledObjects(rule: Rule): boolean {
  return rule.suppressible || (isAdmissionCel(rule.admission) && rule.admission.judgedAtOwner === true);
}

function messageOf(rule: Rule): string {
  const exception = rule.suppressible
    ? ` To make an exception, annotate the object with ${suppressionKey(rule.id)}: <why this object is one>.`
    : ' This rule belongs to the hard core and has no exceptions.';
  return `${rule.id}: ${rule.title.replace(/\.$/, '')}. ${rule.remediation}${exception}`;
}

/**
 * What the admission gate does with each rule: the policy of those it enforces, and where the
 * others are held. The suppression test is the one `check` applies (suppression-annotations.ts).
 */
export function admissionPlan(rules: readonly Rule[] = CATALOGUE, settings: AuditSettings = {}): AdmissionPlan {
  const known = new Map<string, Rule>([...CATALOGUE, ...rules].map((r) => [r.id, r]));
  const admitted: AdmittedRule[] = [];
  const elsewhere: RuleElsewhere[] = [];
  for (const rule of rules) {
    const a = rule.admission;
    if (!isAdmissionCel(a)) {
      elsewhere.push({
        rule,
        gate: a?.gate ?? 'synth-and-ci',
        reason: a?.reason ?? 'no admission policy is written for this rule yet; it is enforced at synth and by `check`',
      });
      continue;
    }
    const cel = typeof a.expression === 'function' ? a.expression({ settings, rules: known }) : a.expression;
    if (cel === undefined) {
      elsewhere.push({ rule, gate: 'needs-settings', reason: 'the settings given leave it nothing to enforce (see `--allowed-registry` and `--require-image-digests`)' });
      continue;
    }
    const skips = [
      ...(skipsControlledObjects(rule) ? ['variables.controlled'] : []),
      ...(rule.suppressible ? [celSuppressed(rule.id)] : []),
    ];
    const expression = skips.length > 0 ? `${skips.join(' || ')} || (${cel})` : cel;
    const resources = ADMISSION_RESOURCES.filter((r) => a.kinds.includes(r.kind));
    for (const k of a.kinds) {
      if (!admissionResource(k)) throw new Error(`rule ${rule.id}: the admission policy names the kind ${JSON.stringify(k)}, which is not one of ${ADMISSION_RESOURCES.map((r) => r.kind).join(', ')}`);
    }
    admitted.push({
      rule, resources, variables: variablesUsedBy(expression), expression, message: messageOf(rule),
      ...(a.note !== undefined ? { note: a.note } : {}),
    });
  }
  return { admitted, elsewhere };
}
