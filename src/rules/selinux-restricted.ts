import { POD_TEMPLATE_KINDS, celStringList } from '../engine/cel';
import { containersOf, getIn, isRecord } from '../k8s/manifest';
import { Violation, describeContainer, podRule, example } from '../engine/rule';

/** SELinux types the Pod Security Standards' baseline allows. */
const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];

/** CEL: the seLinuxOptions `o` set no user or role and an allowed type. */
const allowed = (o: string) => `(!has(${o}.user) || ${o}.user == '') && (!has(${o}.role) || ${o}.role == '') && (!has(${o}.type) || ${o}.type in ${celStringList(SELINUX_TYPES)})`;

export const seLinuxRestricted = podRule({
  id: 'selinux-restricted',
  pack: 'pod-security',
  title: 'SELinux options stay within the container types',
  severity: 'error',
  pattern: null,
  description: 'A custom SELinux user or role, or a type other than the container types, can lift the labelling that keeps a container from the host; the Pod Security Standards\' baseline forbids them.',
  workloads: 'all',
  scope: 'securityContext.seLinuxOptions of pods and containers',
  equivalents: { pss: ['baseline: SELinux'], kyverno: ['disallow-selinux'] },
  remediation: `Leave seLinuxOptions unset, or set only type (${SELINUX_TYPES.filter((t) => t).join(', ')}) and level; never user or role.`,
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
            securityContext:
              seLinuxOptions: { user: system_u, role: system_r }
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
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                securityContext:
                  seLinuxOptions: { type: spc_t } # the unconfined "super privileged container" type
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
              seLinuxOptions: { type: container_t, level: "s0:c123,c456" }
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: [
      `(!has(variables.podSpec.securityContext) || !has(variables.podSpec.securityContext.seLinuxOptions) || ${allowed('variables.podSpec.securityContext.seLinuxOptions')})`,
      `variables.containers.all(c, !has(c.securityContext) || !has(c.securityContext.seLinuxOptions) || ${allowed('c.securityContext.seLinuxOptions')})`,
    ].join(' && '),
  },
  check: (pod) => {
    const out: Violation[] = [];
    const judge = (options: unknown, path: readonly (string | number)[], who: string) => {
      if (!isRecord(options)) return;
      for (const field of ['user', 'role']) {
        if (options[field] !== undefined && options[field] !== '') out.push({ path: [...path, field], message: `${who} sets the SELinux ${field} ${JSON.stringify(options[field])}` });
      }
      if (options.type !== undefined && !SELINUX_TYPES.includes(options.type)) out.push({ path: [...path, 'type'], message: `${who} sets the SELinux type ${JSON.stringify(options.type)}` });
    };
    judge(getIn(pod.spec, ['securityContext', 'seLinuxOptions']), [...pod.specPath, 'securityContext', 'seLinuxOptions'], 'the pod');
    for (const c of containersOf(pod)) {
      const own = getIn(c.container, ['securityContext', 'seLinuxOptions']);
      if (own !== undefined) judge(own, [...c.path, 'securityContext', 'seLinuxOptions'], describeContainer(c));
    }
    return out;
  },
});
