import { POD_TEMPLATE_KINDS, celEffectiveSecurity as effective, celStringList } from '../engine/cel';
import { effectiveSecurity, isRecord } from '../k8s/manifest';
import { containerRule, describeContainer, example } from '../engine/rule';

const CONFINED = ['RuntimeDefault', 'Localhost'];

export const seccompProfile = containerRule({
  id: 'seccomp-profile',
  pack: 'pod-security',
  title: 'Containers run under a seccomp profile',
  severity: 'error',
  pattern: null,
  description: 'Without a seccomp profile the container runs Unconfined and can make every system call the kernel offers, including the ones most container escapes use.',
  equivalents: {
    polaris: ['linuxHardening'],
    kyverno: ['restrict-seccomp-strict'],
    pss: ['baseline:seccomp', 'restricted:seccomp'],
  },
  remediation: 'Set securityContext.seccompProfile.type: RuntimeDefault on the pod (or Localhost with a localhostProfile), and no Unconfined override on any container; ProductionDeployment, BoundedJob and BoundedCronJob set RuntimeDefault.',
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
    `, example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            securityContext:
              seccompProfile: { type: RuntimeDefault }
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                securityContext:
                  seccompProfile: { type: Unconfined }
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
            securityContext:
              seccompProfile: { type: RuntimeDefault }
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: `variables.containers.all(c, ${effective('seccompProfile', `has(v.type) && v.type in ${celStringList(CONFINED)}`, 'false')})`,
  },
  check: (c, pod) => {
    const eff = effectiveSecurity(pod, c, 'seccompProfile');
    const type = isRecord(eff.value) ? eff.value.type : undefined;
    if (CONFINED.includes(type)) return [];
    const path = [...eff.path, 'type'];
    return [{
      path,
      message: type === undefined
        ? `${describeContainer(c)} has no seccomp profile type (nor does the pod), so it runs Unconfined`
        : `${describeContainer(c)} runs with seccomp profile type ${JSON.stringify(type)}`,
    }];
  },
});
