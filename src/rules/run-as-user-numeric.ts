import { POD_TEMPLATE_KINDS, celEffectiveSecurity as effective } from '../engine/cel';
import { effectiveSecurity } from '../k8s/manifest';
import { Violation, containerRule, describeContainer, example } from '../engine/rule';

export const runAsUserNumeric = containerRule({
  id: 'run-as-user-numeric',
  pack: 'pod-security',
  title: 'Containers run as an explicit numeric user and group',
  severity: 'error',
  pattern: null,
  description: 'Without runAsUser the image\'s USER decides, and a named USER fails the kubelet\'s runAsNonRoot check at start-up; without runAsGroup the process usually keeps group 0.',
  equivalents: {},
  remediation: 'Set securityContext.runAsUser and runAsGroup to positive integers (e.g. 10001) on the pod or the container, matching a numeric USER in the Dockerfile; ProductionDeployment, BoundedJob and BoundedCronJob set them.',
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
            securityContext: { runAsNonRoot: true } # the image's USER decides
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
    `, example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            securityContext: { runAsNonRoot: true, runAsUser: 10001 } # no runAsGroup: usually group 0
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
            securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 }
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    // 0 passes here: run-as-non-root reports root.
    expression: `variables.containers.all(c, ${effective('runAsUser', 'v >= 0', 'false')} && ${effective('runAsGroup', 'v >= 0', 'false')})`,
  },
  check: (c, pod) => {
    const out: Violation[] = [];
    for (const [field, what] of [['runAsUser', 'user'], ['runAsGroup', 'group']] as const) {
      const { value, path } = effectiveSecurity(pod, c, field);
      // 0 is root: run-as-non-root reports it.
      if (value === 0) continue;
      if (value === undefined) {
        out.push({ path, message: `${describeContainer(c)} does not set ${field} (nor does the pod), so the image decides its ${what}` });
      } else if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        out.push({ path, message: `${describeContainer(c)} has ${field} ${JSON.stringify(value)}, not a positive numeric ${what} id` });
      }
    }
    return out;
  },
});
