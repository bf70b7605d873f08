import { isRecord } from '../k8s/manifest';
import { HOSTNAME_KEY, SpreadTerm, hostnameTermProblem, spreadsReplicas } from './_spreading';
import { podRule, example } from '../engine/rule';

export const topologySpread = podRule({
  id: 'topology-spread',
  pack: 'availability',
  title: 'Replicas are spread across nodes',
  severity: 'warning',
  pattern: null,
  description: 'Without a spread constraint the scheduler may put every replica on one node, and that node\'s failure or drain takes them all.',
  workloads: 'long-running',
  scope: 'pod templates of Deployment, StatefulSet, ReplicaSet, ReplicationController that run (or may scale to) 2 or more replicas',
  equivalents: { polaris: ['topologySpreadConstraint'] },
  remediation: `Add a topologySpreadConstraint with topologyKey ${HOSTNAME_KEY} (maxSkew: 1, whenUnsatisfiable: ScheduleAnyway) whose labelSelector matches the pod template labels, and one on topology.kubernetes.io/zone; ProductionDeployment adds both.`,
  suppressible: true,
  examples: {
    violating: [example`
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
            topologySpreadConstraints: # on zones only: replicas in one zone may share a node
              - maxSkew: 1
                topologyKey: topology.kubernetes.io/zone
                whenUnsatisfiable: ScheduleAnyway
                labelSelector: { matchLabels: { app: web } }
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
            topologySpreadConstraints:
              - maxSkew: 1
                topologyKey: kubernetes.io/hostname
                whenUnsatisfiable: ScheduleAnyway
                labelSelector: { matchLabels: { app: web } }
              - maxSkew: 1
                topologyKey: topology.kubernetes.io/zone
                whenUnsatisfiable: ScheduleAnyway
                labelSelector: { matchLabels: { app: web } }
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
    `],
  },
  admission: {
    gate: 'synth-and-ci',
    reason: 'whether spreading matters depends on the replicas, which an autoscaler targeting the workload may set: another object than the one admitted',
  },
  check: (pod, obj, { index }) => {
    if (!spreadsReplicas(obj, index)) return [];
    const listPath = [...pod.specPath, 'topologySpreadConstraints'];
    const list = pod.spec.topologySpreadConstraints;
    const terms: SpreadTerm[] = Array.isArray(list)
      ? list.flatMap((term, i) => (isRecord(term) ? [{ term, path: [...listPath, i] }] : []))
      : [];
    const problem = hostnameTermProblem(terms, pod.labels);
    if (problem === undefined) return [];
    if (problem) {
      return [{ path: [...problem.path, 'labelSelector'], message: `the topologySpreadConstraint on ${HOSTNAME_KEY} has a labelSelector that does not select the pod's own labels, so it does not spread these replicas` }];
    }
    return [{
      path: listPath,
      message: terms.length === 0
        ? 'the pod template has no topologySpreadConstraints, so all replicas may land on one node'
        : `none of the topologySpreadConstraints spreads on ${HOSTNAME_KEY}, so several replicas may land on one node`,
    }];
  },
});
