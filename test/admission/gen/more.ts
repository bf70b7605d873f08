import * as fc from 'fast-check';
import { compact, maybe } from './common';
import { suppressions } from './objects';

/*
 * Autoscalers, disruption budgets and NetworkPolicies: the objects without pods whose rules
 * the gate judges alone.
 */

const port = fc.record({ protocol: maybe(fc.constantFrom('TCP', 'UDP')), port: maybe(fc.constantFrom(80, 443, 'http')) }, { requiredKeys: [] });
const peer = fc.constantFrom({ podSelector: { matchLabels: { app: 'web' } } }, { ipBlock: { cidr: '10.0.0.0/16' } }, { namespaceSelector: {} });
const npRule = (peers: 'from' | 'to') => fc.record({ [peers]: maybe(fc.array(peer, { maxLength: 2 })), ports: maybe(fc.array(port, { maxLength: 2 })) }, { requiredKeys: [] });

export const more: fc.Arbitrary<Record<string, unknown>> = fc.record({
  kind: fc.constantFrom('HorizontalPodAutoscaler', 'NetworkPolicy', 'PodDisruptionBudget'),
  suppressions,
  minReplicas: maybe(fc.constantFrom(1, 2, 3, 5)),
  maxReplicas: fc.constantFrom(1, 2, 3, 10),
  ingress: maybe(fc.array(npRule('from'), { maxLength: 2 })),
  egress: maybe(fc.array(npRule('to'), { maxLength: 2 })),
  budget: fc.oneof(fc.constant({}), fc.record({ minAvailable: fc.constantFrom(1, '50%') }), fc.record({ maxUnavailable: fc.constantFrom(0, 1, '25%') })),
  eviction: maybe(fc.constantFrom('AlwaysAllow', 'IfHealthyBudget')),
}).map((g) => {
  const metadata = compact({ name: 'web', namespace: 'shop', annotations: Object.keys(g.suppressions).length > 0 ? g.suppressions : undefined });
  switch (g.kind) {
    case 'HorizontalPodAutoscaler': return compact({
      apiVersion: 'autoscaling/v2', kind: g.kind, metadata,
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: g.minReplicas, maxReplicas: g.maxReplicas },
    });
    case 'NetworkPolicy': return compact({
      apiVersion: 'networking.k8s.io/v1', kind: g.kind, metadata,
      spec: { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress', 'Egress'], ingress: g.ingress, egress: g.egress },
    });
    default: return compact({
      apiVersion: 'policy/v1', kind: g.kind, metadata,
      spec: { selector: { matchLabels: { app: 'web' } }, ...g.budget, unhealthyPodEvictionPolicy: g.eviction },
    });
  }
});
