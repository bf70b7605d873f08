import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { celRequiredQuantity, requiredQuantity } from './_resources';
import { containerRule, example } from '../engine/rule';

export const memoryLimit = containerRule({
  id: 'memory-limit',
  pack: 'resources',
  title: 'Containers have a memory limit',
  severity: 'error',
  pattern: 10,
  description: 'A container without a memory limit can take the whole node\'s memory, and the kernel then kills other pods; with a limit only the hog is OOMKilled.',
  workloads: 'all',
  containers: 'all',
  equivalents: { kubeLinter: ['unset-memory-requirements'], polaris: ['memoryLimitsMissing'], kyverno: ['require-requests-limits'] },
  remediation: 'Set resources.limits.memory at or above the memory request (e.g. "256Mi"), with headroom over the peak working set; ProductionDeployment and BoundedJob require it.',
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
                  limits: { cpu: 500m }
    `, example`
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
                # "MB" is not a Kubernetes unit: write 256M or 256Mi
                resources:
                  requests: { cpu: 100m, memory: 128Mi }
                  limits: { cpu: 500m, memory: 256MB }
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
    expression: celRequiredQuantity('limits', 'memory'),
  },
  check: (c) => requiredQuantity(c, 'limits', 'memory'),
});
