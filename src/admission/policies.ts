import { K8sObject } from '../k8s/manifest';
import { AdmissionResource } from '../engine/cel';
import { AuditSettings, Rule } from '../engine/rule';
import { AdmissionPlan, AdmittedRule, admissionPlan } from './plan';

export type AdmissionFormat = 'vap' | 'kyverno';
export const ADMISSION_FORMATS: readonly AdmissionFormat[] = ['vap', 'kyverno'];

/** What a failed rule does: refuse the object, warn the client, or only record it in the audit log (or report). */
export type AdmissionMode = 'deny' | 'warn' | 'audit';
export const ADMISSION_MODES: readonly AdmissionMode[] = ['deny', 'warn', 'audit'];

/**
 * The ValidatingAdmissionPolicy API: `v1beta1`, which Kubernetes 1.28 and 1.29 serve (behind the
 * ValidatingAdmissionPolicy feature gate and the admissionregistration.k8s.io/v1beta1 runtime
 * config), or `v1`, served from 1.30 on without either.
 */
export type VapVersion = 'v1beta1' | 'v1';
export const VAP_VERSIONS: readonly VapVersion[] = ['v1beta1', 'v1'];

/** Namespaces the policies leave alone unless told otherwise: the control plane's own. */
export const DEFAULT_EXCLUDED_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease'];

export interface AdmissionOptions {
  readonly format: AdmissionFormat;
  /**
   * What a failed rule does. In `deny`, rules of severity `warning` warn (VAP) or report (Kyverno).
   * @default 'deny'
   */
  readonly mode?: AdmissionMode;
  /** @default the whole catalogue */
  readonly rules?: readonly Rule[];
  /** Allowed registries and required digests, as `check` takes them. @default none */
  readonly settings?: AuditSettings;
  /** @default 'v1beta1' (Kubernetes 1.28) */
  readonly vapVersion?: VapVersion;
  /** Namespaces no policy applies to. @default DEFAULT_EXCLUDED_NAMESPACES */
  readonly excludeNamespaces?: readonly string[];
}

export const POLICY_PREFIX = 'cdk8s-prod.';
const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'cdk8s-prod' };

/**
 * Objects being deleted are let through: the garbage collector and controllers update them to
 * remove finalizers, and an object admitted before the policies must not be stuck terminating.
 * No client can set deletionTimestamp, and controllers stop acting on an object being deleted.
 */
const NOT_BEING_DELETED = { name: 'not-being-deleted', expression: '!has(object.metadata.deletionTimestamp)' };

function policyName(rule: Rule): string {
  return `${POLICY_PREFIX}${rule.id}`;
}

/** Resources grouped as resourceRules want them: one entry per API group and version. */
function resourceRules(resources: readonly AdmissionResource[]): Array<Record<string, unknown>> {
  const groups = new Map<string, AdmissionResource[]>();
  for (const r of resources) {
    const key = `${r.group}/${r.version}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((rs) => ({
    apiGroups: [rs[0].group],
    apiVersions: [rs[0].version],
    operations: ['CREATE', 'UPDATE'],
    resources: rs.map((r) => r.resource),
  }));
}

function validationActions(mode: AdmissionMode, rule: Rule): string[] {
  if (mode === 'audit') return ['Audit'];
  if (mode === 'warn' || rule.severity === 'warning') return ['Warn'];
  return ['Deny'];
}

function ruleAnnotations(a: AdmittedRule): Record<string, string> {
  return {
    'cdk8s-prod.io/rule': a.rule.id,
    'cdk8s-prod.io/pack': a.rule.pack,
    'cdk8s-prod.io/severity': a.rule.severity,
    ...(a.note !== undefined ? { 'cdk8s-prod.io/admission-note': a.note } : {}),
  };
}

function vapObjects(a: AdmittedRule, options: Required<Pick<AdmissionOptions, 'mode' | 'vapVersion' | 'excludeNamespaces'>>): K8sObject[] {
  const apiVersion = `admissionregistration.k8s.io/${options.vapVersion}`;
  const name = policyName(a.rule);
  const policy = {
    apiVersion,
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name, labels: { ...MANAGED_BY }, annotations: ruleAnnotations(a) },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: { resourceRules: resourceRules(a.resources) },
      matchConditions: [NOT_BEING_DELETED],
      ...(a.variables.length > 0 ? { variables: a.variables.map((v) => ({ name: v.name, expression: v.expression })) } : {}),
      validations: [{ expression: a.expression, message: a.message, reason: 'Invalid' }],
    },
  };
  const binding = {
    apiVersion,
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name, labels: { ...MANAGED_BY } },
    spec: {
      policyName: name,
      validationActions: validationActions(options.mode, a.rule),
      ...namespaceSelector(options.excludeNamespaces),
    },
  };
  return [policy as K8sObject, binding as K8sObject];
}

function namespaceSelector(excluded: readonly string[]): Record<string, unknown> {
  if (excluded.length === 0) return {};
  return {
    matchResources: {
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...excluded] }] },
    },
  };
}

/** How Kyverno names a kind in `match.resources.kinds`: `Group/Version/Kind`, or `Version/Kind` for the core group. */
function kyvernoKind(r: AdmissionResource): string {
  return r.group === '' ? `${r.version}/${r.kind}` : `${r.group}/${r.version}/${r.kind}`;
}

function kyvernoPolicy(a: AdmittedRule, mode: AdmissionMode, excluded: readonly string[]): K8sObject {
  const enforce = mode === 'deny' && a.rule.severity === 'error';
  const resources: Record<string, unknown> = { kinds: a.resources.map(kyvernoKind), operations: ['CREATE', 'UPDATE'] };
  return {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: {
      name: policyName(a.rule),
      labels: { ...MANAGED_BY },
      annotations: {
        ...ruleAnnotations(a),
        'policies.kyverno.io/title': a.rule.title,
        'policies.kyverno.io/category': a.rule.pack,
        'policies.kyverno.io/severity': a.rule.severity === 'error' ? 'high' : 'medium',
        'policies.kyverno.io/subject': a.resources.map((r) => r.kind).join(', '),
        'policies.kyverno.io/description': a.rule.description,
        // The expression reads every kind it matches itself: Kyverno must not add its own rules for the controllers.
        'pod-policies.kyverno.io/autogen-controllers': 'none',
      },
    },
    spec: {
      validationFailureAction: enforce ? 'Enforce' : 'Audit',
      background: true,
      rules: [{
        name: a.rule.id,
        match: { any: [{ resources }] },
        celPreconditions: [NOT_BEING_DELETED],
        ...(excluded.length > 0 ? { exclude: { any: [{ resources: { namespaces: [...excluded] } }] } } : {}),
        validate: {
          cel: {
            ...(a.variables.length > 0 ? { variables: a.variables.map((v) => ({ name: v.name, expression: v.expression })) } : {}),
            expressions: [{ expression: a.expression, message: a.message }],
          },
        },
      }],
    },
  } as K8sObject;
}

export interface AdmissionOutput {
  readonly plan: AdmissionPlan;
  /** The policies (and, for VAP, their bindings), one per rule, in catalogue order. */
  readonly objects: readonly K8sObject[];
}

/** The admission policies of the catalogue (or of `options.rules`), in the chosen engine's form. */
export function admissionPolicies(options: AdmissionOptions): AdmissionOutput {
  const mode = options.mode ?? 'deny';
  const excludeNamespaces = options.excludeNamespaces ?? DEFAULT_EXCLUDED_NAMESPACES;
  const vapVersion = options.vapVersion ?? 'v1beta1';
  const plan = admissionPlan(options.rules, options.settings);
  const objects = plan.admitted.flatMap((a) => (options.format === 'vap'
    ? vapObjects(a, { mode, vapVersion, excludeNamespaces })
    : [kyvernoPolicy(a, mode, excludeNamespaces)]));
  return { plan, objects };
}
