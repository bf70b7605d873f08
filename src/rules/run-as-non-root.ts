import { POD_TEMPLATE_KINDS, celEffectiveSecurity as effective } from '../engine/cel';
import { effectiveSecurity } from '../k8s/manifest';
import { Violation, containerRule, describeContainer, example } from '../engine/rule';

export const runAsNonRoot = containerRule({
  id: 'run-as-non-root',
  pack: 'pod-security',
  title: 'Containers run as a non-root user',
  severity: 'error',
  pattern: null,
  description: 'A process running as root (user or group 0) owns every file of the image and is one kernel bug away from root on the node; runAsNonRoot makes the kubelet refuse to start it as root.',
  equivalents: {
    kubeLinter: ['run-as-non-root'],
    polaris: ['runAsRootAllowed'],
    kyverno: ['require-run-as-nonroot', 'require-run-as-non-root-user'],
    pss: ['restricted:running-as-non-root', 'restricted:running-as-non-root-user'],
  },
  remediation: 'Set securityContext.runAsNonRoot: true on the pod (or the container) with a non-zero numeric runAsUser and runAsGroup (e.g. 10001); ProductionDeployment, BoundedJob and BoundedCronJob set them.',
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
    `, example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 }
            initContainers:
              - name: fix-permissions
                image: registry.example.com/shop/busybox:1.36
                command: [chown, -R, "10001:10001", /data]
                securityContext: { runAsNonRoot: false, runAsUser: 0 }
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
    expression: `variables.containers.all(c, ${effective('runAsNonRoot', 'v == true', 'false')} && ${effective('runAsUser', 'v != 0', 'true')} && ${effective('runAsGroup', 'v != 0', 'true')})`,
  },
  check: (c, pod) => {
    const out: Violation[] = [];
    const nonRoot = effectiveSecurity(pod, c, 'runAsNonRoot');
    if (nonRoot.value === undefined) {
      out.push({ path: nonRoot.path, message: `${describeContainer(c)} does not set runAsNonRoot (nor does the pod), so it may run as root` });
    } else if (nonRoot.value !== true) {
      out.push({ path: nonRoot.path, message: `${describeContainer(c)} runs with runAsNonRoot ${JSON.stringify(nonRoot.value)}, so it may run as root` });
    }
    for (const [field, what] of [['runAsUser', 'user'], ['runAsGroup', 'group']] as const) {
      const eff = effectiveSecurity(pod, c, field);
      if (eff.value === 0) out.push({ path: eff.path, message: `${describeContainer(c)} runs as ${what} 0 (root)` });
    }
    return out;
  },
});
