import * as fc from 'fast-check';
import { compact, maybe } from './common';
import { suppressions } from './objects';

/*
 * Objects of the built-in kinds the gate matches that hold no pod: namespaces, quotas, limit
 * ranges, budgets, configuration, Services.
 */

const quantity = fc.constantFrom('1', '500m', '4', '8Gi', '512Mi', '10');

export const other: fc.Arbitrary<Record<string, unknown>> = fc.record({
  kind: fc.constantFrom('Namespace', 'ResourceQuota', 'LimitRange', 'ConfigMap', 'Service', 'PodDisruptionBudget'),
  suppressions,
  hard: fc.oneof(
    fc.dictionary(fc.constantFrom('requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory', 'pods', 'services', 'count/jobs.batch', 'requests.storage'), quantity, { maxKeys: 4 }),
    // Every limit the rule asks for, sometimes by its short alias (cpu, memory).
    fc.tuple(fc.constantFrom('requests.cpu', 'cpu'), fc.constantFrom('requests.memory', 'memory'), fc.boolean())
      .map(([cpu, memory, services]) => ({ [cpu]: '4', [memory]: '8Gi', 'limits.memory': '16Gi', 'pods': '20', ...(services ? { services: '10' } : {}) })),
  ),
  psa: maybe(fc.constantFrom('restricted', 'baseline', 'privileged')),
  minAvailable: maybe(fc.constantFrom(0, 1, '50%', '100%')),
  data: fc.dictionary(fc.constantFrom('LOG_LEVEL', 'DB_PASSWORD', 'config.yaml'), fc.constantFrom('info', 'hunter2hunter2', 'a: b'), { maxKeys: 2 }),
}).map((g) => {
  const annotations = Object.keys(g.suppressions).length > 0 ? g.suppressions : undefined;
  const meta = (namespaced: boolean, labels?: Record<string, string>) => compact({ name: 'shop', namespace: namespaced ? 'shop' : undefined, annotations, labels });
  switch (g.kind) {
    case 'Namespace': return compact({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(false, g.psa ? { 'pod-security.kubernetes.io/enforce': g.psa } : undefined) });
    case 'ResourceQuota': return compact({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta(true), spec: { hard: g.hard } });
    case 'LimitRange': return compact({ apiVersion: 'v1', kind: 'LimitRange', metadata: meta(true), spec: { limits: [{ type: 'Container', max: { cpu: '2', memory: '2Gi' } }] } });
    case 'ConfigMap': return compact({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(true), data: g.data });
    case 'Service': return compact({ apiVersion: 'v1', kind: 'Service', metadata: meta(true), spec: { selector: { 'app.kubernetes.io/name': 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } });
    default: return compact({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta(true), spec: { minAvailable: g.minAvailable, selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } } });
  }
});
