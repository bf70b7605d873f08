import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { celRequiredQuantity, requiredQuantity } from './_resources';
import { containerRule, example } from '../engine/rule';

export const cpuRequest = containerRule({
  id: 'cpu-request',
  pack: 'resources',
  title: 'Containers request CPU',
  severity: 'error',
  pattern: 10,
  description: 'The scheduler places pods by their requests; a container without a CPU request is packed onto nodes as if it needed nothing, and is the first to starve under contention.',
  workloads: 'all',
  containers: 'all',
  equivalents: { kubeLinter: ['unset-cpu-requirements'], polaris: ['cpuRequestsMissing'], kyverno: ['require-requests-limits'] },
  remediation: 'Set resources.requests.cpu to what the container uses under normal load (e.g. "100m"); ProductionDeployment and BoundedJob require it, and a LimitRange (QuotaNamespace) only supplies a default.',
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
                  requests: { memory: 128Mi }
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
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: celRequiredQuantity('requests', 'cpu'),
  },
  check: (c) => requiredQuantity(c, 'requests', 'cpu'),
});
