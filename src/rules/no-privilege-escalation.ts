import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { getIn } from '../k8s/manifest';
import { containerRule, describeContainer, example } from '../engine/rule';

export const noPrivilegeEscalation = containerRule({
  id: 'no-privilege-escalation',
  pack: 'pod-security',
  title: 'Containers forbid privilege escalation',
  severity: 'error',
  pattern: null,
  description: 'Unless allowPrivilegeEscalation is false, a setuid binary or file capability in the image can give a process more privileges than its parent (no_new_privs is off).',
  equivalents: {
    kubeLinter: ['privilege-escalation-container'],
    polaris: ['privilegeEscalationAllowed'],
    kyverno: ['disallow-privilege-escalation'],
    pss: ['restricted:privilege-escalation'],
  },
  remediation: 'Set securityContext.allowPrivilegeEscalation: false on every container and init container; ProductionDeployment, BoundedJob and BoundedCronJob set it.',
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
                securityContext:
                  capabilities: { drop: [ALL] } # allowPrivilegeEscalation unset: allowed
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
                securityContext: { allowPrivilegeEscalation: true }
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
                securityContext: { allowPrivilegeEscalation: false }
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: 'variables.containers.all(c, has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false)',
  },
  check: (c) => {
    const path = [...c.path, 'securityContext', 'allowPrivilegeEscalation'];
    const v = getIn(c.container, ['securityContext', 'allowPrivilegeEscalation']);
    if (v === false) return [];
    return [{
      path,
      message: v === undefined
        ? `${describeContainer(c)} does not set allowPrivilegeEscalation, so it defaults to allowed`
        : `${describeContainer(c)} has allowPrivilegeEscalation ${JSON.stringify(v)}`,
    }];
  },
});
