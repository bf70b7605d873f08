import { LONG_RUNNING_KINDS, celHasHandler } from './_probes-cel';
import { requiredProbeProblem } from './_probes';
import { containerRule, describeContainer, example } from '../engine/rule';

export const readinessProbe = containerRule({
  id: 'readiness-probe',
  pack: 'probes',
  title: 'Long-running containers have a readiness probe',
  severity: 'error',
  pattern: 8,
  description: 'Without a readiness probe a pod gets traffic the moment its process starts; a slow warm-up then turns every rollout into an outage, even with maxUnavailable: 0.',
  workloads: 'long-running',
  containers: 'long-lived',
  scope: 'app containers (spec.containers) in pod templates of long-running workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Pod); native sidecars are exempt (their readiness is optional in Kubernetes), as are init containers, Jobs and CronJobs',
  equivalents: { kubeLinter: ['no-readiness-probe'], polaris: ['readinessProbeMissing'] },
  remediation: 'Add a readinessProbe that succeeds only once the container can serve (e.g. httpGet on /ready at a named port); ProductionDeployment requires one for every container.',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                ports: [{ name: http, containerPort: 8080 }]
                livenessProbe: { httpGet: { path: /healthz, port: http } }
    `],
    compliant: [example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                ports: [{ name: http, containerPort: 8080 }]
                livenessProbe: { httpGet: { path: /healthz, port: http } }
                readinessProbe: { httpGet: { path: /ready, port: http } }
    `],
  },
  admission: {
    kinds: LONG_RUNNING_KINDS,
    expression: `variables.appContainers.all(c, has(c.readinessProbe) && ${celHasHandler('c.readinessProbe')})`,
  },
  check: (c) => {
    if (c.role !== 'container') return [];
    const problem = requiredProbeProblem(c, 'readinessProbe', describeContainer(c));
    return problem ? [{ path: [...c.path, 'readinessProbe'], message: problem }] : [];
  },
});
