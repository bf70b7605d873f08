import { getIn } from '../k8s/manifest';
import { isUnset } from './_values';
import { objectRule, example } from '../engine/rule';

export const pdbUnhealthyPodEvictionPolicy = objectRule({
  id: 'pdb-unhealthy-pod-eviction-policy',
  pack: 'availability',
  title: 'PodDisruptionBudgets let unhealthy pods be evicted',
  severity: 'warning',
  pattern: null,
  description: 'Under the default policy (IfHealthyBudget) a crash-looping pod counts against the budget and cannot be evicted, so a broken rollout blocks node drains.',
  kinds: ['PodDisruptionBudget'],
  equivalents: { kubeLinter: ['pdb-unhealthy-pod-eviction-policy'] },
  remediation: 'Set spec.unhealthyPodEvictionPolicy: AlwaysAllow; ProductionDeployment does.',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata: { name: web, namespace: shop }
      spec:
        selector: { matchLabels: { app: web } }
        maxUnavailable: 1
    `],
    compliant: [example`
      apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata: { name: web, namespace: shop }
      spec:
        selector: { matchLabels: { app: web } }
        maxUnavailable: 1
        unhealthyPodEvictionPolicy: AlwaysAllow
    `],
  },
  admission: {
    kinds: ['PodDisruptionBudget'],
    expression: "has(object.spec) && has(object.spec.unhealthyPodEvictionPolicy) && object.spec.unhealthyPodEvictionPolicy == 'AlwaysAllow'",
  },
  check: (obj) => {
    const path = ['spec', 'unhealthyPodEvictionPolicy'];
    const v = getIn(obj, path);
    if (v === 'AlwaysAllow') return [];
    return [{
      path,
      message: isUnset(v)
        ? 'unhealthyPodEvictionPolicy is not set, so it defaults to IfHealthyBudget and unhealthy pods can block node drains'
        : `unhealthyPodEvictionPolicy is ${JSON.stringify(v)}, so unhealthy pods can block node drains`,
    }];
  },
});
