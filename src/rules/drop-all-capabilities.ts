import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { getIn } from '../k8s/manifest';
import { containerRule, describeContainer, example } from '../engine/rule';

export const dropAllCapabilities = containerRule({
  id: 'drop-all-capabilities',
  pack: 'pod-security',
  title: 'Containers drop all capabilities',
  severity: 'error',
  pattern: null,
  description: 'The runtime\'s default capability set (NET_RAW, CHOWN, SETUID and more) is more than an application needs; dropping ALL leaves only what is added back explicitly.',
  equivalents: {
    kubeLinter: ['drop-net-raw-capability'],
    polaris: ['insecureCapabilities'],
    kyverno: ['require-drop-all'],
    pss: ['restricted:capabilities'],
  },
  remediation: 'Set securityContext.capabilities.drop: ["ALL"] on every container and init container (add back NET_BIND_SERVICE only if the process binds a port below 1024); ProductionDeployment, BoundedJob and BoundedCronJob set it.',
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
                securityContext: { allowPrivilegeEscalation: false } # keeps the default set: NET_RAW, CHOWN, SETUID...
    `, example`
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
                  capabilities: { drop: [NET_RAW] }
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
                securityContext:
                  capabilities: { drop: [ALL] }
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: "variables.containers.all(c, has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && 'ALL' in c.securityContext.capabilities.drop)",
  },
  check: (c) => {
    const path = [...c.path, 'securityContext', 'capabilities', 'drop'];
    const drop = getIn(c.container, ['securityContext', 'capabilities', 'drop']);
    if (Array.isArray(drop) && drop.includes('ALL')) return [];
    return [{
      path,
      message: drop === undefined
        ? `${describeContainer(c)} drops no capabilities, so it keeps the runtime's default set`
        : `${describeContainer(c)} drops ${JSON.stringify(drop)}, not ALL`,
    }];
  },
});
