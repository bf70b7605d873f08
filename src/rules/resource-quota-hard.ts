import { celString } from '../engine/cel';
import { getIn, isRecord, parseQuantity } from '../k8s/manifest';
import { Violation, example, objectRule } from '../engine/rule';

/** What QuotaNamespace requires of a quota, in the canonical names (`cpu` is `requests.cpu`). */
const REQUIRED = ['requests.cpu', 'requests.memory', 'limits.memory', 'pods'] as const;
const ALIASES: Record<string, string> = { cpu: 'requests.cpu', memory: 'requests.memory' };

export const resourceQuotaHard = objectRule({
  id: 'resource-quota-hard',
  pack: 'namespaces',
  title: 'ResourceQuotas bound CPU, memory and pods',
  severity: 'error',
  pattern: 10,
  description: 'A ResourceQuota bounds only what its spec.hard names: one without hard limits, or without CPU and memory requests, memory limits and pods, lets a runaway workload take them all.',
  kinds: ['ResourceQuota'],
  scope: 'ResourceQuota without scopes (a scoped quota bounds only some pods, beside the namespace\'s main quota)',
  remediation: `Set spec.hard with ${REQUIRED.join(', ')} (each a quantity); QuotaNamespace requires them.`,
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: v1
      kind: ResourceQuota
      metadata: { name: compute, namespace: shop }
      spec:
        hard: { requests.cpu: "8", pods: "50" }  # memory is unbounded
    `, example`
      apiVersion: v1
      kind: ResourceQuota
      metadata: { name: compute, namespace: shop }
      spec:
        hard: { requests.cpu: "8", requests.memory: 16GB, limits.memory: 24GB, pods: "50" }  # GB is no unit: G or Gi
    `],
    compliant: [example`
      apiVersion: v1
      kind: ResourceQuota
      metadata: { name: compute, namespace: shop }
      spec:
        hard: { requests.cpu: "8", requests.memory: 16Gi, limits.memory: 24Gi, pods: "50" }
    `],
  },
  admission: {
    kinds: ['ResourceQuota'],
    // A scoped quota bounds part of the namespace and is left alone, as check leaves it.
    expression: `has(object.spec) && (has(object.spec.scopes) || has(object.spec.scopeSelector) || (has(object.spec.hard) && size(object.spec.hard) > 0 && ${REQUIRED.map((r) => {
      const alias = Object.entries(ALIASES).find(([, to]) => to === r)?.[0];
      return `(${celString(r)} in object.spec.hard${alias ? ` || ${celString(alias)} in object.spec.hard` : ''})`;
    }).join(' && ')}))`,
    note: 'the API server refuses a hard limit that is not a quantity, so the gate only asks which limits are set',
  },
  check: (obj) => {
    if (getIn(obj, ['spec', 'scopes']) !== undefined || getIn(obj, ['spec', 'scopeSelector']) !== undefined) return [];
    const hard = getIn(obj, ['spec', 'hard']);
    if (!isRecord(hard) || Object.keys(hard).length === 0) {
      return [{ path: ['spec', 'hard'], message: 'the ResourceQuota sets no hard limits, so it bounds nothing' }];
    }
    const out: Violation[] = [];
    const named = new Map(Object.keys(hard).map((k) => [ALIASES[k] ?? k, k]));
    for (const r of REQUIRED) {
      const key = named.get(r);
      if (key === undefined) out.push({ path: ['spec', 'hard', r], message: `spec.hard sets no ${r}` });
      else if (parseQuantity(hard[key]) === undefined) out.push({ path: ['spec', 'hard', key], message: `spec.hard.${key} is ${JSON.stringify(hard[key])}, not a quantity` });
    }
    return out;
  },
});
