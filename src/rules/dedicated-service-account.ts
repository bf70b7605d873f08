import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { serviceAccountOf } from './_service-account';
import { podRule, example } from '../engine/rule';

export const dedicatedServiceAccount = podRule({
  id: 'dedicated-service-account',
  pack: 'service-accounts',
  title: 'Pods run as a dedicated ServiceAccount',
  severity: 'error',
  pattern: null,
  description: 'Every pod of a namespace that names no ServiceAccount shares `default`, so a permission granted to one of them is granted to all.',
  equivalents: { kubeLinter: ['default-service-account'] },
  remediation: 'Create a ServiceAccount for the workload (with automountServiceAccountToken: false) and set serviceAccountName to it; ProductionDeployment, BoundedJob and BoundedCronJob create one.',
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
    `],
    compliant: [example`
      apiVersion: v1
      kind: ServiceAccount
      metadata: { name: web, namespace: shop }
      automountServiceAccountToken: false
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            serviceAccountName: web
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    // serviceAccountName, else the deprecated serviceAccount, names it; neither means "default".
    expression: [
      "has(variables.podSpec.serviceAccountName) && variables.podSpec.serviceAccountName != ''",
      "? variables.podSpec.serviceAccountName != 'default'",
      ": has(variables.podSpec.serviceAccount) && variables.podSpec.serviceAccount != '' && variables.podSpec.serviceAccount != 'default'",
    ].join(' '),
  },
  check: (pod) => {
    const { name, field } = serviceAccountOf(pod);
    if (name !== 'default') return [];
    return [field
      ? { path: field, message: 'the pod runs as the namespace\'s "default" ServiceAccount' }
      : { path: [...pod.specPath, 'serviceAccountName'], message: 'the pod names no ServiceAccount, so it runs as the namespace\'s "default"' }];
  },
});
