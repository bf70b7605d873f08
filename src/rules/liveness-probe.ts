import { LONG_RUNNING_KINDS, celHasHandler } from './_probes-cel';
import { requiredProbeProblem } from './_probes';
import { containerRule, describeContainer, example } from '../engine/rule';

export const livenessProbe = containerRule({
  id: 'liveness-probe',
  pack: 'probes',
  title: 'Long-running containers have a liveness probe',
  severity: 'error',
  pattern: 4,
  description: 'Without a liveness probe a container whose server died (say, a backgrounded process in a start script) stays Running and is never restarted.',
  workloads: 'long-running',
  containers: 'long-lived',
  scope: 'app containers and native sidecars (init containers with restartPolicy: Always) in pod templates of long-running workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Pod); Jobs and CronJobs are exempt, as are run-to-completion init containers',
  equivalents: { kubeLinter: ['no-liveness-probe'], polaris: ['livenessProbeMissing'] },
  remediation: 'Add a livenessProbe that checks the process itself (e.g. httpGet on /healthz at a named port), not its dependencies; ProductionDeployment requires one for every container.',
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
                readinessProbe: { httpGet: { path: /ready, port: http } }
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
    expression: `variables.longLivedContainers.all(c, has(c.livenessProbe) && ${celHasHandler('c.livenessProbe')})`,
  },
  check: (c) => {
    const problem = requiredProbeProblem(c, 'livenessProbe', describeContainer(c));
    return problem ? [{ path: [...c.path, 'livenessProbe'], message: problem }] : [];
  },
});
