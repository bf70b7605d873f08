import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { podRule, example } from '../engine/rule';

export const noHostIpc = podRule({
  id: 'no-host-ipc',
  pack: 'pod-security',
  title: 'No host IPC namespace',
  severity: 'error',
  pattern: null,
  description: 'A pod in the host IPC namespace can read and write the shared memory and message queues of every process of the node.',
  equivalents: { kubeLinter: ['host-ipc'], polaris: ['hostIPCSet'], kyverno: ['disallow-host-namespaces'], pss: ['baseline:host-namespaces'] },
  remediation: 'Remove hostIPC from the pod spec (or set it to false); containers of one pod already share an IPC namespace.',
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
            hostIPC: true
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
            hostIPC: false # the pod's containers still share their own IPC namespace
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: '!(has(variables.podSpec.hostIPC) && variables.podSpec.hostIPC == true)',
  },
  check: (pod) => (pod.spec.hostIPC === true
    ? [{ path: [...pod.specPath, 'hostIPC'], message: 'the pod shares the node\'s IPC namespace (hostIPC: true)' }]
    : []),
});
