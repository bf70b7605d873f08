import { POD_TEMPLATE_KINDS, celStringList } from '../engine/cel';
import { getIn } from '../k8s/manifest';
import { containerRule, describeContainer, example } from '../engine/rule';

const ALLOWED = ['NET_BIND_SERVICE'];

export const noAddedCapabilities = containerRule({
  id: 'no-added-capabilities',
  pack: 'pod-security',
  title: 'No added capabilities beyond NET_BIND_SERVICE',
  severity: 'error',
  pattern: null,
  description: 'Each added capability (SYS_ADMIN, NET_ADMIN, NET_RAW…) is a slice of root; only binding a port below 1024 is harmless enough to allow.',
  equivalents: {
    polaris: ['dangerousCapabilities', 'insecureCapabilities'],
    kyverno: ['disallow-capabilities-strict'],
    pss: ['baseline:capabilities', 'restricted:capabilities'],
  },
  remediation: 'Remove the entries from securityContext.capabilities.add (keep at most NET_BIND_SERVICE); listen on a port above 1024 and map it in the Service instead of adding capabilities.',
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
                securityContext:
                  capabilities: { drop: [ALL], add: [NET_ADMIN, SYS_ADMIN] }
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
                ports: [{ containerPort: 80 }]
                securityContext:
                  capabilities: { drop: [ALL], add: [NET_BIND_SERVICE] } # only to bind port 80
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: `variables.containers.all(c, !has(c.securityContext) || !has(c.securityContext.capabilities) || !has(c.securityContext.capabilities.add) || c.securityContext.capabilities.add.all(cap, cap in ${celStringList(ALLOWED)}))`,
  },
  check: (c) => {
    const path = [...c.path, 'securityContext', 'capabilities', 'add'];
    const add = getIn(c.container, ['securityContext', 'capabilities', 'add']);
    if (add === undefined || add === null) return [];
    if (!Array.isArray(add)) return [{ path, message: `${describeContainer(c)} adds capabilities ${JSON.stringify(add)}` }];
    return add.flatMap((cap, i) => (ALLOWED.includes(cap)
      ? []
      : [{ path: [...path, i], message: `${describeContainer(c)} adds capability ${JSON.stringify(cap)}` }]));
  },
});
