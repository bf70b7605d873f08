import { K8sObject, LabelSelector, getIn, namespaceOf, selectorMatches } from '../k8s/manifest';
import { podRule, example } from '../engine/rule';

const pdbSelector = (pdb: K8sObject): LabelSelector | undefined => getIn(pdb, ['spec', 'selector']);

export const pdbRequired = podRule({
  id: 'pdb-required',
  pack: 'availability',
  title: 'Multi-replica workloads have a PodDisruptionBudget',
  severity: 'error',
  pattern: null,
  description: 'Without a PodDisruptionBudget a node drain may evict every replica at once.',
  workloads: 'long-running',
  scope: 'Deployment, StatefulSet, ReplicaSet, ReplicationController with 2 or more replicas (or an HPA), against the PodDisruptionBudgets of their namespace',
  equivalents: { polaris: ['missingPodDisruptionBudget'] },
  remediation: 'Add a PodDisruptionBudget with maxUnavailable: 1 whose selector matches the pod template labels (ProductionDeployment adds one).',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        replicas: 3 # and no PodDisruptionBudget: a drain may evict all three
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
    `],
    compliant: [example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        replicas: 3
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
      ---
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
    gate: 'synth-and-ci',
    reason: 'a workload needs a PodDisruptionBudget that selects its pods: another object than the one admitted',
  },
  check: (pod, obj, { index }) => {
    const range = index.replicaRange(obj);
    if (!range || range.max < 2) return [];
    const covered = index.selectorIndex(namespaceOf(obj), 'PodDisruptionBudget', 'spec.selector', pdbSelector)
      .some(pod.labels, selectorMatches);
    return covered ? [] : [{ path: [...pod.metadataPath, 'labels'], message: `no PodDisruptionBudget in the namespace selects these pods (${range.max} replicas)` }];
  },
});
