import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { getIn } from '../k8s/manifest';
import { containerRule, describeContainer, example } from '../engine/rule';

export const noPrivileged = containerRule({
  id: 'no-privileged',
  pack: 'pod-security',
  title: 'No privileged containers',
  severity: 'error',
  pattern: null,
  description: 'A privileged container has every capability and every host device: it is root on the node.',
  equivalents: {
    kubeLinter: ['privileged-container'],
    polaris: ['runAsPrivileged'],
    kyverno: ['disallow-privileged-containers'],
    pss: ['baseline:privileged-containers'],
  },
  remediation: 'Remove securityContext.privileged (or set it to false); grant the one capability the process needs instead, if any.',
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
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                securityContext: { privileged: true }
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
                securityContext: { privileged: false, capabilities: { drop: [ALL] } }
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: '!variables.containers.exists(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged == true)',
  },
  check: (c) => (getIn(c.container, ['securityContext', 'privileged']) === true
    ? [{ path: [...c.path, 'securityContext', 'privileged'], message: `${describeContainer(c)} runs privileged` }]
    : []),
});
