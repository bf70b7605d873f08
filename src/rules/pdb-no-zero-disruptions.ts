import { K8sObject, getIn, isRecord, nameOf, namespaceOf, selectorMatches } from '../k8s/manifest';
import { ObjectIndex } from '../k8s/object-index';
import { parseIntOrPercent } from './_int-or-percent';
import { isUnset } from './_values';
import { objectRule, example } from '../engine/rule';

/**
 * How many pods a PDB's selector can select at most, from the workloads of its namespace, with
 * the names of those workloads; undefined when nothing matches or a count is unknowable (the
 * pods of a DaemonSet or a Job).
 */
function selectedPods(pdb: K8sObject, index: ObjectIndex): { max: number; who: string[] } | undefined {
  const selector = getIn(pdb, ['spec', 'selector']);
  const candidates = index.workloadCandidates(namespaceOf(pdb), isRecord(selector) ? selector.matchLabels : undefined);
  const matched = candidates.filter((w) => selectorMatches(selector, w.pod.labels));
  if (matched.length === 0) return undefined;
  let max = 0;
  const who: string[] = [];
  for (const { object } of matched) {
    const range = index.replicaRange(object);
    if (range) max += range.max;
    else if (object.kind === 'Pod') max += 1;
    else return undefined;
    who.push(`${object.kind} "${nameOf(object)}"${range?.hpa ? ` (HorizontalPodAutoscaler "${nameOf(range.hpa)}" maxReplicas ${range.max})` : ''}`);
  }
  return { max, who };
}

export const pdbNoZeroDisruptions = objectRule({
  id: 'pdb-no-zero-disruptions',
  pack: 'availability',
  title: 'PodDisruptionBudgets allow at least one eviction',
  severity: 'error',
  pattern: null,
  description: 'A PodDisruptionBudget that allows no eviction (maxUnavailable 0, minAvailable 100% or at least as many pods as run) blocks every node drain and cluster upgrade until someone deletes it.',
  kinds: ['PodDisruptionBudget'],
  scope: 'PodDisruptionBudget, against the replica counts (and HorizontalPodAutoscalers) of the workloads its selector matches in its namespace',
  equivalents: { kubeLinter: ['pdb-max-unavailable', 'pdb-min-available'], polaris: ['pdbDisruptionsIsZero'] },
  remediation: 'Use spec.maxUnavailable: 1 (and no minAvailable), on a workload of 2 or more replicas; ProductionDeployment writes that PodDisruptionBudget.',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata: { name: web, namespace: shop }
      spec:
        selector: { matchLabels: { app: web } }
        maxUnavailable: 0
        unhealthyPodEvictionPolicy: AlwaysAllow
    `, example`
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
        minAvailable: 3 # every replica the Deployment runs
        unhealthyPodEvictionPolicy: AlwaysAllow
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
    reason: 'whether a PodDisruptionBudget allows no disruption depends on the replicas of the workloads it selects: other objects than the one admitted',
  },
  check: (obj, { index }) => {
    const out = [];
    const maxPath = ['spec', 'maxUnavailable'];
    const maxUnavailable = getIn(obj, maxPath);
    if (!isUnset(maxUnavailable) && parseIntOrPercent(maxUnavailable)?.value === 0) {
      out.push({ path: maxPath, message: `maxUnavailable is ${JSON.stringify(maxUnavailable)}, so no pod it selects can ever be evicted` });
    }
    const minPath = ['spec', 'minAvailable'];
    const minAvailable = getIn(obj, minPath);
    const min = isUnset(minAvailable) ? undefined : parseIntOrPercent(minAvailable);
    if (min?.kind === 'percent' && min.value >= 100) {
      out.push({ path: minPath, message: `minAvailable is ${JSON.stringify(minAvailable)}, so no pod it selects can ever be evicted` });
    } else if (min?.kind === 'count') {
      const pods = selectedPods(obj, index);
      if (pods && min.value >= pods.max) {
        out.push({ path: minPath, message: `minAvailable is ${min.value} but the pods it selects number at most ${pods.max} (${pods.who.join(', ')}), so none can ever be evicted` });
      }
    }
    return out;
  },
});
