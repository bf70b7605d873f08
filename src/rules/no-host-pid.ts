import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { podRule, example } from '../engine/rule';

export const noHostPid = podRule({
  id: 'no-host-pid',
  pack: 'pod-security',
  title: 'No host PID namespace',
  severity: 'error',
  pattern: null,
  description: 'A pod in the host PID namespace sees and can signal every process of the node and read their environments.',
  equivalents: { kubeLinter: ['host-pid'], polaris: ['hostPIDSet'], kyverno: ['disallow-host-namespaces'], pss: ['baseline:host-namespaces'] },
  remediation: 'Remove hostPID from the pod spec (or set it to false); to share processes between the pod\'s own containers use shareProcessNamespace: true.',
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
            hostPID: true
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
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
            shareProcessNamespace: true # shares processes between the pod's own containers only
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: '!(has(variables.podSpec.hostPID) && variables.podSpec.hostPID == true)',
  },
  check: (pod) => (pod.spec.hostPID === true
    ? [{ path: [...pod.specPath, 'hostPID'], message: 'the pod shares the node\'s process namespace (hostPID: true)' }]
    : []),
});
