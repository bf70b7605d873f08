import { getIn, isRecord } from '../k8s/manifest';
import { HOSTNAME_KEY, SpreadTerm, hostnameTermProblem, spreadsReplicas } from './_spreading';
import { podRule, example } from '../engine/rule';

export const podAntiAffinity = podRule({
  id: 'pod-anti-affinity',
  pack: 'availability',
  title: 'Replicas avoid each other\'s nodes',
  severity: 'warning',
  pattern: null,
  description: 'Anti-affinity on kubernetes.io/hostname makes the scheduler put replicas on different nodes, so the failure or drain of one node does not take them all.',
  workloads: 'long-running',
  scope: 'pod templates of Deployment, StatefulSet, ReplicaSet, ReplicationController that run (or may scale to) 2 or more replicas',
  equivalents: { kubeLinter: ['no-anti-affinity'] },
  remediation: `Add affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution with a podAffinityTerm on topologyKey ${HOSTNAME_KEY} whose labelSelector matches the pod template labels; ProductionDeployment adds it.`,
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
            affinity:
              podAntiAffinity:
                preferredDuringSchedulingIgnoredDuringExecution:
                  - weight: 100
                    podAffinityTerm:
                      topologyKey: kubernetes.io/hostname
                      labelSelector: { matchLabels: { app: frontend } } # not this pod's labels
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
            affinity:
              podAntiAffinity:
                preferredDuringSchedulingIgnoredDuringExecution:
                  - weight: 100
                    podAffinityTerm:
                      topologyKey: kubernetes.io/hostname
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
    const antiPath = [...pod.specPath, 'affinity', 'podAntiAffinity'];
    const anti = getIn(pod.spec, ['affinity', 'podAntiAffinity']);
    const terms: SpreadTerm[] = [];
    if (isRecord(anti)) {
      const preferred = anti.preferredDuringSchedulingIgnoredDuringExecution;
      if (Array.isArray(preferred)) {
        preferred.forEach((p, i) => {
          if (isRecord(p) && isRecord(p.podAffinityTerm)) {
            terms.push({ term: p.podAffinityTerm, path: [...antiPath, 'preferredDuringSchedulingIgnoredDuringExecution', i, 'podAffinityTerm'] });
          }
        });
      }
      const required = anti.requiredDuringSchedulingIgnoredDuringExecution;
      if (Array.isArray(required)) {
        required.forEach((term, i) => {
          if (isRecord(term)) terms.push({ term, path: [...antiPath, 'requiredDuringSchedulingIgnoredDuringExecution', i] });
        });
      }
    }
    const problem = hostnameTermProblem(terms, pod.labels);
    if (problem === undefined) return [];
    if (problem) {
      return [{ path: [...problem.path, 'labelSelector'], message: `the pod anti-affinity term on ${HOSTNAME_KEY} has a labelSelector that does not select the pod's own labels, so it does not keep these replicas apart` }];
    }
    return [{
      path: antiPath,
      message: terms.length === 0
        ? 'the pod template has no podAntiAffinity, so replicas may share a node'
        : `no podAntiAffinity term is on ${HOSTNAME_KEY}, so replicas may share a node`,
    }];
  },
});
