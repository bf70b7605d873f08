import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { getIn } from '../k8s/manifest';
import { ProbeField, probeOf } from './_probes';
import { Violation, containerRule, describeContainer, example } from '../engine/rule';

const MAX_INITIAL_DELAY_SECONDS = 60;
const PROBES: readonly ProbeField[] = ['livenessProbe', 'readinessProbe'];

export const probeInitialDelay = containerRule({
  id: 'probe-initial-delay',
  pack: 'probes',
  title: 'Slow starters use a startup probe, not a long initial delay',
  severity: 'warning',
  pattern: 8,
  description: `An initialDelaySeconds over ${MAX_INITIAL_DELAY_SECONDS} is a guess at the start time: too short and the container is killed while starting, too long and a dead or ready container goes unnoticed for that long on every start.`,
  workloads: 'all',
  containers: 'long-lived',
  scope: `liveness and readiness probes of containers and sidecars in every workload (initialDelaySeconds over ${MAX_INITIAL_DELAY_SECONDS})`,
  remediation: 'Add a startupProbe with the same check and failureThreshold × periodSeconds covering the longest start (e.g. failureThreshold: 30, periodSeconds: 10), and drop initialDelaySeconds to 0 or a few seconds; liveness and readiness only start once it succeeds.',
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
                # a guess at the start time, paid on every start
                livenessProbe: { httpGet: { path: /healthz, port: http }, initialDelaySeconds: 120 }
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
                # up to 30 x 10s to start; liveness and readiness begin once it succeeds
                startupProbe: { httpGet: { path: /healthz, port: http }, failureThreshold: 30, periodSeconds: 10 }
                livenessProbe: { httpGet: { path: /healthz, port: http } }
                readinessProbe: { httpGet: { path: /ready, port: http } }
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: `variables.longLivedContainers.all(c, ${PROBES.map((p) => `!(has(c.${p}) && has(c.${p}.initialDelaySeconds) && c.${p}.initialDelaySeconds > ${MAX_INITIAL_DELAY_SECONDS})`).join(' && ')})`,
  },
  check: (c) => {
    const out: Violation[] = [];
    for (const field of PROBES) {
      const delay = getIn(probeOf(c, field), ['initialDelaySeconds']);
      if (typeof delay !== 'number' || delay <= MAX_INITIAL_DELAY_SECONDS) continue;
      out.push({
        path: [...c.path, field, 'initialDelaySeconds'],
        message: `the ${field} of ${describeContainer(c)} waits ${delay} seconds before its first check (more than ${MAX_INITIAL_DELAY_SECONDS})`,
      });
    }
    return out;
  },
});
