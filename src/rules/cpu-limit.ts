import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { celRequiredQuantity, requiredQuantity } from './_resources';
import { containerRule, example } from '../engine/rule';

export const cpuLimit = containerRule({
  id: 'cpu-limit',
  pack: 'resources',
  title: 'CPU limit is set, or deliberately left out',
  severity: 'warning',
  pattern: 10,
  description: 'CPU limits are contested: they bound a noisy neighbour but throttle a container even on an idle node. Either way it must be a decision, not an omission.',
  workloads: 'all',
  containers: 'all',
  equivalents: { polaris: ['cpuLimitsMissing'] },
  remediation: 'Either set resources.limits.cpu (at or above the CPU request, e.g. "500m"), or decide to run without one and record that by suppressing cpu-limit on the object with the reason (e.g. "latency-sensitive; CPU throttling costs more than a noisy neighbour").',
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
                resources:
                  requests: { cpu: 100m, memory: 128Mi }
                  limits: { memory: 256Mi }
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
                resources:
                  requests: { cpu: 100m, memory: 128Mi }
                  limits: { cpu: 500m, memory: 256Mi }
    `, example`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
        annotations:
          cdk8s-prod.io/suppress.cpu-limit: Latency-sensitive API; CPU throttling costs more than a noisy neighbour.
      spec:
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                resources:
                  requests: { cpu: 100m, memory: 128Mi }
                  limits: { memory: 256Mi }
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: celRequiredQuantity('limits', 'cpu'),
  },
  check: (c) => requiredQuantity(c, 'limits', 'cpu'),
});
