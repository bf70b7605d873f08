import { CelInput, CelValue, celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { K8sObject, isRecord } from '../../src/k8s/manifest';
import { ADMISSION_RESOURCES } from '../../src/engine/cel';

/*
 * Runs the admission policies we write, as the API server (ValidatingAdmissionPolicy) or Kyverno
 * (`validate.cel`) would, with @bufbuild/cel: a CEL evaluator that passes the CEL conformance
 * suite, with the strings extension the Kubernetes CEL environment has. Objects are given to
 * CEL as the API server gives them: JSON integers as CEL `int`, other numbers as `double`.
 * An expression that fails to evaluate denies the object (failurePolicy: Fail; Kyverno does the same).
 */

type AnyObject = Record<string, any>;

const env = celEnv({ funcs: strings });
const plans = new Map<string, ReturnType<typeof plan>>();

function planOf(expression: string): ReturnType<typeof plan> {
  let p = plans.get(expression);
  if (!p) {
    p = plan(env, parse(expression));
    plans.set(expression, p);
  }
  return p;
}

/** A JSON value as CEL input: maps as Map, whole numbers as int (bigint). */
export function celValue(v: unknown): CelInput {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(celValue);
  if (isRecord(v)) return new Map(Object.entries(v).map(([k, x]) => [k, celValue(x)]));
  return v as CelInput;
}

export interface Outcome {
  /** The policy applies to the object. */
  readonly matched: boolean;
  /** The object passes (true when it is not matched). */
  readonly allowed: boolean;
  /** The evaluation error that denied it, if one did. */
  readonly error?: string;
}

interface CelPolicy {
  readonly conditions: ReadonlyArray<{ expression: string }>;
  readonly variables: ReadonlyArray<{ name: string; expression: string }>;
  readonly expressions: ReadonlyArray<{ expression: string }>;
}

function evaluate(policy: CelPolicy, object: K8sObject): Outcome {
  const input = { object: celValue(object) };
  for (const c of policy.conditions) {
    const r = planOf(c.expression)(input);
    if (isCelError(r)) return { matched: true, allowed: false, error: `match condition: ${r.message}` };
    if (r !== true) return { matched: false, allowed: true };
  }
  const variables = new Map<string, CelValue>();
  for (const v of policy.variables) {
    const r = planOf(v.expression)({ ...input, variables });
    // A variable that fails is absent: an expression that reads it fails in turn, as in Kubernetes.
    if (!isCelError(r)) variables.set(v.name, r);
  }
  for (const e of policy.expressions) {
    const r = planOf(e.expression)({ ...input, variables });
    if (isCelError(r)) return { matched: true, allowed: false, error: r.message };
    if (r !== true) return { matched: true, allowed: false, ...(r === false ? {} : { error: `the expression gave ${String(r)}, not a bool` }) };
  }
  return { matched: true, allowed: true };
}

function groupVersionOf(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** Runs a ValidatingAdmissionPolicy on an object being created. */
export function runVap(policy: AnyObject, object: K8sObject): Outcome {
  const { group, version } = groupVersionOf(object.apiVersion);
  const resource = ADMISSION_RESOURCES.find((r) => r.kind === object.kind && r.group === group && r.version === version)?.resource;
  const matched = (policy.spec.matchConstraints.resourceRules as AnyObject[]).some((rule) => rule.apiGroups.includes(group)
    && rule.apiVersions.includes(version) && rule.operations.includes('CREATE') && resource !== undefined && rule.resources.includes(resource));
  if (!matched) return { matched: false, allowed: true };
  const spec = policy.spec;
  return evaluate({ conditions: spec.matchConditions ?? [], variables: spec.variables ?? [], expressions: spec.validations }, object);
}

/** Runs a Kyverno ClusterPolicy's CEL rules on an object being created. */
export function runKyverno(policy: AnyObject, object: K8sObject): Outcome {
  const { group, version } = groupVersionOf(object.apiVersion);
  const names = new Set([object.kind, `${version}/${object.kind}`, `${group}/${version}/${object.kind}`]);
  let matchedAny = false;
  for (const rule of policy.spec.rules as AnyObject[]) {
    const matched = (rule.match.any as AnyObject[]).some((m) => (m.resources.kinds as string[]).some((k) => names.has(k))
      && (m.resources.operations === undefined || m.resources.operations.includes('CREATE')));
    if (!matched) continue;
    matchedAny = true;
    const cel = rule.validate.cel;
    const out = evaluate({ conditions: rule.celPreconditions ?? [], variables: cel.variables ?? [], expressions: cel.expressions }, object);
    if (!out.matched) continue;
    if (!out.allowed) return out;
  }
  return { matched: matchedAny, allowed: true };
}
