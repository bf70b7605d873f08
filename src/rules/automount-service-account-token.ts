import { namespaceOf } from '../k8s/manifest';
import { serviceAccountOf } from './_service-account';
import { podRule, example } from '../engine/rule';

export const automountServiceAccountToken = podRule({
  id: 'automount-service-account-token',
  pack: 'service-accounts',
  title: 'No automounted service account token',
  severity: 'error',
  pattern: null,
  description: 'An automounted token gives every process of the pod, and anyone who compromises it, the service account\'s API credentials, though most applications never call the Kubernetes API.',
  equivalents: {
    kubeLinter: ['automount-service-account-token'],
    polaris: ['automountServiceAccountToken'],
    kyverno: ['restrict-automount-sa-token'],
  },
  remediation: 'Set automountServiceAccountToken: false on the pod spec (or on its ServiceAccount); a pod that calls the API mounts a projected token volume with a short expirationSeconds instead. ProductionDeployment, BoundedJob and BoundedCronJob set it.',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: v1
      kind: ServiceAccount
      metadata: { name: web, namespace: shop }
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
    `, example`
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
            automountServiceAccountToken: true # overrides the ServiceAccount
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
    `],
    compliant: [example`
      apiVersion: v1
      kind: ServiceAccount
      metadata: { name: web, namespace: shop }
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
            automountServiceAccountToken: false
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
    `, example`
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
            serviceAccountName: web # the ServiceAccount disables the token
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
    `],
  },
  admission: {
    gate: 'synth-and-ci',
    reason: 'a pod that does not set automountServiceAccountToken gets a token unless its ServiceAccount disables it: that takes the ServiceAccount object, which a policy admitting the pod does not see',
  },
  check: (pod, obj, { index }) => {
    const path = [...pod.specPath, 'automountServiceAccountToken'];
    const own = pod.spec.automountServiceAccountToken;
    if (own === false) return [];
    if (own !== undefined && own !== null) {
      return [{ path, message: `the pod sets automountServiceAccountToken ${JSON.stringify(own)}, so its containers get an API token` }];
    }
    const { name } = serviceAccountOf(pod);
    const sa = index.named(namespaceOf(obj), 'ServiceAccount', name);
    if (sa?.automountServiceAccountToken === false) return [];
    return [{
      path,
      message: sa
        ? `the pod does not set automountServiceAccountToken and its ServiceAccount "${name}" does not disable it, so its containers get an API token`
        : `the pod does not set automountServiceAccountToken and its ServiceAccount "${name}" is not among the manifests, so its containers get an API token`,
    }];
  },
});
