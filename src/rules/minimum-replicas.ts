import { getIn, nameOf, replicasPath } from '../k8s/manifest';
import { objectRule, example } from '../engine/rule';

const MIN_REPLICAS = 2;

export const minimumReplicas = objectRule({
  id: 'minimum-replicas',
  pack: 'availability',
  title: 'Replicated workloads run at least two pods',
  severity: 'error',
  pattern: null,
  description: 'A single replica is down during every rollout, eviction and node failure.',
  scope: 'Deployment, StatefulSet, ReplicaSet, ReplicationController, Argo Rollout, OpenKruise CloneSet and UnitedDeployment, with the minReplicas of the HorizontalPodAutoscaler that scales them',
  equivalents: { kubeLinter: ['minimum-three-replicas'], polaris: ['deploymentMissingReplicas'] },
  remediation: `Set spec.replicas to ${MIN_REPLICAS} or more (and the HorizontalPodAutoscaler's minReplicas, when one scales the workload); ProductionDeployment runs 3 by default.`,
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        replicas: 1
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
        # no replicas: the HorizontalPodAutoscaler decides
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
      ---
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: { name: web, namespace: shop }
      spec:
        scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
        minReplicas: 1
        maxReplicas: 10
        metrics:
          - type: Resource
            resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
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
    `],
  },
  admission: {
    gate: 'synth-and-ci',
    reason: 'the replicas that count are the HorizontalPodAutoscaler\'s when one targets the workload: another object than the one admitted',
  },
  check: (obj, { index }) => {
    const range = index.replicaRange(obj);
    if (!range || range.min >= MIN_REPLICAS) return [];
    const path = replicasPath(obj)!;
    if (range.hpa) {
      const min = getIn(range.hpa, ['spec', 'minReplicas']);
      const what = min === undefined || min === null ? 'sets no minReplicas (1)' : `has minReplicas ${JSON.stringify(min)}`;
      return [{ path, message: `the HorizontalPodAutoscaler "${nameOf(range.hpa)}" that scales it ${what}, so it can run fewer than ${MIN_REPLICAS} pods` }];
    }
    const v = getIn(obj, path);
    if (v === undefined || v === null) return [{ path, message: 'replicas is not set, so it runs 1 pod' }];
    return [{ path, message: typeof v === 'number' ? `replicas is ${v}, fewer than ${MIN_REPLICAS}` : `replicas is ${JSON.stringify(v)}, not a number, so it runs 1 pod` }];
  },
});
