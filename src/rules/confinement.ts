import { containersOf, getIn, isRecord } from '../k8s/manifest';
import { Violation, describeContainer, podRule, example } from '../engine/rule';
import { APPARMOR_PREFIX } from '../k8s/annotations';

/** SELinux types the Pod Security Standards' baseline allows. */
const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];

export const appArmorConfined = podRule({
  id: 'apparmor-confined',
  pack: 'pod-security',
  title: 'Containers keep an AppArmor profile',
  severity: 'error',
  pattern: null,
  description: 'An Unconfined AppArmor profile lifts the kernel confinement the runtime applies by default; the Pod Security Standards\' baseline forbids it.',
  workloads: 'all',
  scope: 'securityContext.appArmorProfile of pods and containers, and the AppArmor annotations of the pod template',
  equivalents: { kubeLinter: [], pss: ['baseline: AppArmor'], kyverno: ['restrict-apparmor-profiles'] },
  remediation: 'Leave appArmorProfile unset (the runtime default applies) or set type RuntimeDefault or Localhost; an annotation must say runtime/default or localhost/<profile>.',
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
                  appArmorProfile: { type: Unconfined }
    `, example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        selector: { matchLabels: { app: web } }
        template:
          metadata:
            labels: { app: web }
            annotations:
              container.apparmor.security.beta.kubernetes.io/app: unconfined
          spec:
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
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                securityContext:
                  appArmorProfile: { type: RuntimeDefault }
    `],
  },
  check: (pod, obj) => {
    const out: Violation[] = [];
    const annotations = getIn(obj, [...pod.metadataPath, 'annotations']);
    if (isRecord(annotations)) {
      for (const [k, v] of Object.entries(annotations)) {
        if (!k.startsWith(APPARMOR_PREFIX)) continue;
        if (v !== 'runtime/default' && !(typeof v === 'string' && /^localhost\/\S+$/.test(v))) {
          out.push({ path: [...pod.metadataPath, 'annotations', k], message: `the AppArmor annotation for container "${k.slice(APPARMOR_PREFIX.length)}" is ${JSON.stringify(v)}, which lifts the runtime's confinement` });
        }
      }
    }
    const podType = getIn(pod.spec, ['securityContext', 'appArmorProfile', 'type']);
    if (podType === 'Unconfined') out.push({ path: [...pod.specPath, 'securityContext', 'appArmorProfile', 'type'], message: 'the pod\'s AppArmor profile is Unconfined' });
    for (const c of containersOf(pod)) {
      if (getIn(c.container, ['securityContext', 'appArmorProfile', 'type']) === 'Unconfined') {
        out.push({ path: [...c.path, 'securityContext', 'appArmorProfile', 'type'], message: `${describeContainer(c)} has the AppArmor profile Unconfined` });
      }
    }
    return out;
  },
});

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
