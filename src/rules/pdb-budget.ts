import { getIn } from '../k8s/manifest';
import { isUnset } from './_values';
import { objectRule, example } from '../engine/rule';

export const pdbBudget = objectRule({
  id: 'pdb-budget',
  pack: 'availability',
  title: 'PodDisruptionBudgets state their budget',
  severity: 'error',
  pattern: null,
  description: 'A PodDisruptionBudget with neither maxUnavailable nor minAvailable states no budget, so it protects nothing it seems to protect.',
  kinds: ['PodDisruptionBudget'],
  scope: 'PodDisruptionBudget',
  remediation: 'Set spec.maxUnavailable: 1 (or a minAvailable below the replica count); ProductionDeployment writes that PodDisruptionBudget.',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata: { name: web, namespace: shop }
      spec:
        selector: { matchLabels: { app: web } }
        unhealthyPodEvictionPolicy: AlwaysAllow
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
    expression: 'has(object.spec) && (has(object.spec.maxUnavailable) || has(object.spec.minAvailable))',
  },
  check: (obj) => {
    if (!isUnset(getIn(obj, ['spec', 'maxUnavailable'])) || !isUnset(getIn(obj, ['spec', 'minAvailable']))) return [];
    return [{ path: ['spec', 'maxUnavailable'], message: 'the PodDisruptionBudget sets neither maxUnavailable nor minAvailable' }];
  },
});
