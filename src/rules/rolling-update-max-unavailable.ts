import { objectRule, example } from '../engine/rule';
import { celKeepsEveryPod, keepsEveryPod } from './_rollout';

export const rollingUpdateMaxUnavailable = objectRule({
  id: 'rolling-update-max-unavailable',
  pack: 'availability',
  title: 'Rollouts keep every ready pod until its replacement is ready',
  severity: 'error',
  pattern: 8,
  description: 'A rollout that may take pods down before their replacements are ready (the default maxUnavailable of 25%, or Recreate, which stops them all) loses capacity, and with a slow warm-up serves errors.',
  kinds: ['Deployment'],
  equivalents: { kubeLinter: ['no-rolling-update-strategy'] },
  remediation: 'Use spec.strategy type RollingUpdate with rollingUpdate.maxUnavailable: 0 and maxSurge: 1 (or more), together with a readiness probe; ProductionDeployment does.',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        replicas: 4
        # no strategy: RollingUpdate with maxUnavailable 25%
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
        replicas: 4
        strategy: { type: Recreate }
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
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
        replicas: 4
        strategy:
          type: RollingUpdate
          rollingUpdate: { maxUnavailable: 0, maxSurge: 1 }
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
    kinds: ['Deployment'],
    // Recreate, or another type, fails; a rolling update must keep every pod (0 or 0%).
    expression: celKeepsEveryPod('strategy'),
    note: 'a Deployment without a strategy arrives with RollingUpdate and maxUnavailable 25%, which the gate refuses as check does',
  },
  check: (obj) => keepsEveryPod(obj, 'strategy',
    'maxUnavailable is not set, so a rollout may take down 25% of the pods before their replacements are ready',
    (v) => `maxUnavailable is ${JSON.stringify(v)}, so a rollout may take pods down before their replacements are ready`),
});
