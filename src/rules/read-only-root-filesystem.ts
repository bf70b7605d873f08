import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { containerRule, describeContainer, example } from '../engine/rule';

export const readOnlyRootFilesystem = containerRule({
  id: 'read-only-root-filesystem',
  pack: 'runtime',
  title: 'Read-only root filesystem',
  severity: 'error',
  pattern: 6,
  description: 'Writes into the container layer are copy-on-write, slow, and lost on restart; an immutable container writes only to declared volumes.',
  equivalents: { kubeLinter: ['no-read-only-root-fs'], polaris: ['notReadOnlyRootFilesystem'] },
  remediation: 'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir (with a sizeLimit) at /tmp and at each path the process writes to.',
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
                # no readOnlyRootFilesystem: the process can write anywhere in the container layer
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
            volumes: [{ name: tmp, emptyDir: { sizeLimit: 64Mi } }]
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                securityContext: { readOnlyRootFilesystem: true }
                volumeMounts: [{ name: tmp, mountPath: /tmp }]
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: 'variables.containers.all(c, has(c.securityContext) && has(c.securityContext.readOnlyRootFilesystem) && c.securityContext.readOnlyRootFilesystem == true)',
  },
  check: (c) => (c.container.securityContext?.readOnlyRootFilesystem === true
    ? []
    : [{ path: [...c.path, 'securityContext', 'readOnlyRootFilesystem'], message: `${describeContainer(c)} can write to its root filesystem` }]),
});
