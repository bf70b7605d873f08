import { objectRule, example } from '../engine/rule';

export const noBarePod = objectRule({
  id: 'no-bare-pod',
  pack: 'availability',
  title: 'No bare Pods',
  severity: 'error',
  pattern: 3,
  description: 'A bare Pod dies with its node and is never replaced; even a singleton belongs to a controller.',
  kinds: ['Pod'],
  scope: 'Pod objects',
  equivalents: { polaris: ['nakedPod'], kyverno: ['prevent-bare-pods'] },
  remediation: 'Run the pod through a controller: a Deployment (ProductionDeployment) for services, a Job (BoundedJob) for work that ends.',
  suppressible: false,
  examples: {
    violating: [example`
      apiVersion: v1
      kind: Pod
      metadata: { name: web, namespace: shop, labels: { app: web } }
      spec:
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
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
    `],
  },
  admission: {
    kinds: ['Pod'],
    // Every Pod is bare unless a controller made it; the wrapper lets those through
    // (judgedAtOwner). A forged owner reference does not keep a Pod: the garbage collector
    // deletes objects whose every owner is missing.
    expression: 'false',
    judgedAtOwner: true,
  },
  check: () => [{ path: ['kind'], message: 'a bare Pod is not rescheduled when its node fails' }],
});
