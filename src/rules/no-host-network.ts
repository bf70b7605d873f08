import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { podRule, example } from '../engine/rule';

export const noHostNetwork = podRule({
  id: 'no-host-network',
  pack: 'pod-security',
  title: 'No host network',
  severity: 'error',
  pattern: null,
  description: 'A pod on the host network sees every interface of the node, can bind the node\'s ports and is not isolated by NetworkPolicies.',
  equivalents: { kubeLinter: ['host-network'], polaris: ['hostNetworkSet'], kyverno: ['disallow-host-namespaces'], pss: ['baseline:host-namespaces'] },
  remediation: 'Remove hostNetwork from the pod spec (or set it to false) and expose the pod through a Service.',
  suppressible: false,
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
            hostNetwork: true
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                ports: [{ containerPort: 8080 }]
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
                ports: [{ containerPort: 8080 }]
      ---
      apiVersion: v1
      kind: Service
      metadata: { name: web, namespace: shop }
      spec:
        selector: { app: web }
        ports: [{ port: 80, targetPort: 8080 }]
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: '!(has(variables.podSpec.hostNetwork) && variables.podSpec.hostNetwork == true)',
  },
  check: (pod) => (pod.spec.hostNetwork === true
    ? [{ path: [...pod.specPath, 'hostNetwork'], message: 'the pod shares the node\'s network namespace (hostNetwork: true)' }]
    : []),
});
