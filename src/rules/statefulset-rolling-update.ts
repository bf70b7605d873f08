import { objectRule, example } from '../engine/rule';
import { notRolling } from './_rollout';

export const statefulsetRollingUpdate = objectRule({
  id: 'statefulset-rolling-update',
  pack: 'availability',
  title: 'A StatefulSet rolls out a new template',
  severity: 'error',
  pattern: null,
  description: 'With the OnDelete strategy a StatefulSet never rolls out a changed template: every pod keeps the old image and configuration until someone deletes it by hand, and the manifests no longer say what runs.',
  kinds: ['StatefulSet'],
  remediation: 'Use spec.updateStrategy type RollingUpdate (the default), which replaces one pod at a time and waits for it to be ready; ProductionStatefulSet does.',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: { name: db, namespace: shop }
      spec:
        serviceName: db-headless
        replicas: 3
        updateStrategy: { type: OnDelete }
        selector: { matchLabels: { app: db } }
        template:
          metadata: { labels: { app: db } }
          spec:
            containers:
              - name: db
                image: registry.example.com/shop/db:16.4
    `],
    compliant: [example`
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: { name: db, namespace: shop }
      spec:
        serviceName: db-headless
        replicas: 3
        updateStrategy: { type: RollingUpdate }
        selector: { matchLabels: { app: db } }
        template:
          metadata: { labels: { app: db } }
          spec:
            containers:
              - name: db
                image: registry.example.com/shop/db:16.4
    `],
  },
  admission: {
    kinds: ['StatefulSet'],
    expression: "!has(object.spec) || !has(object.spec.updateStrategy) || !has(object.spec.updateStrategy.type) || object.spec.updateStrategy.type == 'RollingUpdate'",
  },
  check: (obj) => notRolling(obj, 'updateStrategy'),
});
