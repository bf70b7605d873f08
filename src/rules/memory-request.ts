import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { celRequiredQuantity, requiredQuantity } from './_resources';
import { containerRule, example } from '../engine/rule';

export const memoryRequest = containerRule({
  id: 'memory-request',
  pack: 'resources',
  title: 'Containers request memory',
  severity: 'error',
  pattern: 10,
  description: 'Without a memory request the scheduler overcommits the node, and the container is among the first evicted when the node runs short of memory.',
  workloads: 'all',
  containers: 'all',
  equivalents: { kubeLinter: ['unset-memory-requirements'], polaris: ['memoryRequestsMissing'], kyverno: ['require-requests-limits'] },
  remediation: 'Set resources.requests.memory to the working set under normal load (e.g. "128Mi"); ProductionDeployment and BoundedJob require it.',
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
                  requests: { cpu: 100m }
                  limits: { cpu: 500m, memory: 256Mi }
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
    expression: celRequiredQuantity('requests', 'memory'),
  },
  check: (c) => requiredQuantity(c, 'requests', 'memory'),
});
