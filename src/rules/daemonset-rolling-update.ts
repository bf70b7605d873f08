import { objectRule, example } from '../engine/rule';
import { celKeepsEveryPod, keepsEveryPod } from './_rollout';

export const daemonsetRollingUpdate = objectRule({
  id: 'daemonset-rolling-update',
  pack: 'availability',
  title: 'A DaemonSet rolls out each node\'s new pod before it stops the old one',
  severity: 'error',
  pattern: 8,
  description: 'A DaemonSet\'s default rollout (maxUnavailable 1, maxSurge 0) stops a node\'s agent before its replacement is ready, so that node runs without it; OnDelete never rolls out at all, leaving the old template running until someone deletes each pod by hand.',
  kinds: ['DaemonSet'],
  remediation: 'Use spec.updateStrategy type RollingUpdate with rollingUpdate.maxUnavailable: 0 and maxSurge: 1 (or more), with a readiness probe; ProductionDaemonSet does.',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: apps/v1
      kind: DaemonSet
      metadata: { name: agent, namespace: shop }
      spec:
        # no updateStrategy: RollingUpdate with maxUnavailable 1 and no surge
        selector: { matchLabels: { app: agent } }
        template:
          metadata: { labels: { app: agent } }
          spec:
            containers:
              - name: agent
                image: registry.example.com/shop/agent:2.1.0
    `, example`
      apiVersion: apps/v1
      kind: DaemonSet
      metadata: { name: agent, namespace: shop }
      spec:
        updateStrategy: { type: OnDelete }
        selector: { matchLabels: { app: agent } }
        template:
          metadata: { labels: { app: agent } }
          spec:
            containers:
              - name: agent
                image: registry.example.com/shop/agent:2.1.0
    `],
    compliant: [example`
      apiVersion: apps/v1
      kind: DaemonSet
      metadata: { name: agent, namespace: shop }
      spec:
        updateStrategy:
          type: RollingUpdate
          rollingUpdate: { maxUnavailable: 0, maxSurge: 1 }
        selector: { matchLabels: { app: agent } }
        template:
          metadata: { labels: { app: agent } }
          spec:
            containers:
              - name: agent
                image: registry.example.com/shop/agent:2.1.0
    `],
  },
  admission: {
    kinds: ['DaemonSet'],
    expression: celKeepsEveryPod('updateStrategy'),
    note: 'a DaemonSet without an updateStrategy arrives with RollingUpdate and maxUnavailable 1, which the gate refuses as check does',
  },
  check: (obj) => keepsEveryPod(obj, 'updateStrategy',
    'maxUnavailable is not set, so a rollout stops a node\'s pod (1 node at a time) before its replacement is ready',
    (v) => `maxUnavailable is ${JSON.stringify(v)}, so a rollout stops nodes' pods before their replacements are ready (set 0, with maxSurge 1 or more)`),
});
