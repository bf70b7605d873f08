import { POD_TEMPLATE_KINDS, celSameCheck } from './_probes-cel';
import { isRecord } from '../k8s/manifest';
import { handlersOf, probeHandlerKey, probeOf } from './_probes';
import { containerRule, describeContainer, example } from '../engine/rule';

export const probesDistinct = containerRule({
  id: 'probes-distinct',
  pack: 'probes',
  title: 'Liveness and readiness probes check different things',
  severity: 'error',
  pattern: 4,
  description: 'A liveness probe identical to the readiness probe fails whenever the pod is merely busy or its dependencies are down, so the kubelet restarts pods that only needed to be taken out of rotation. Different timings do not make them different.',
  workloads: 'all',
  containers: 'long-lived',
  scope: 'containers and sidecars that have both a livenessProbe and a readinessProbe, in every workload',
  remediation: 'Give liveness its own cheap check of the process itself (e.g. httpGet /healthz, which never calls dependencies) and keep the readiness probe for "can serve now" (e.g. httpGet /ready); ProductionDeployment takes them as two separate props.',
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
                # the same check: different timings do not make it a different probe
                livenessProbe: { httpGet: { path: /ready, port: http }, periodSeconds: 20 }
                readinessProbe: { httpGet: { path: /ready, port: http }, periodSeconds: 5 }
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
                # liveness checks only the process; readiness also checks its dependencies
                livenessProbe: { httpGet: { path: /healthz, port: http }, periodSeconds: 20 }
                readinessProbe: { httpGet: { path: /ready, port: http }, periodSeconds: 5 }
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: `variables.longLivedContainers.all(c, !(has(c.livenessProbe) && has(c.readinessProbe) && ${celSameCheck('c.livenessProbe', 'c.readinessProbe')}))`,
  },
  check: (c) => {
    const liveness = probeOf(c, 'livenessProbe');
    const readiness = probeOf(c, 'readinessProbe');
    const key = probeHandlerKey(c, liveness);
    if (key === undefined || key !== probeHandlerKey(c, readiness) || !isRecord(liveness)) return [];
    const what = handlersOf(liveness).map((h) => `${h} ${JSON.stringify(liveness[h])}`).join(', ');
    return [{
      path: [...c.path, 'livenessProbe'],
      message: `the livenessProbe of ${describeContainer(c)} checks the same thing as its readinessProbe (${what})`,
    }];
  },
});
