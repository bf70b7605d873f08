import { POD_TEMPLATE_KINDS, celString } from '../engine/cel';
import { containersOf, getIn, isRecord } from '../k8s/manifest';
import { Violation, describeContainer, podRule, example } from '../engine/rule';
import { APPARMOR_PREFIX } from '../k8s/annotations';

/** A localhost profile: the name of a profile loaded on the node (RE2 and JavaScript read it alike). */
const CONFINED_LOCALHOST = /^localhost\/[^\t\n\v\f\r ]+$/;

/** CEL: the securityContext of `x` (a pod spec or a container) does not set the profile Unconfined. */
const unconfined = (x: string) => `!(has(${x}.securityContext) && has(${x}.securityContext.appArmorProfile) && has(${x}.securityContext.appArmorProfile.type) && ${x}.securityContext.appArmorProfile.type == 'Unconfined')`;

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
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: [
      `variables.podAnnotations.all(k, !k.startsWith(${celString(APPARMOR_PREFIX)}) || variables.podAnnotations[k] == 'runtime/default' || variables.podAnnotations[k].matches(${celString(CONFINED_LOCALHOST.source)}))`,
      unconfined('variables.podSpec'),
      `variables.containers.all(c, ${unconfined('c')})`,
    ].join(' && '),
  },
  check: (pod, obj) => {
    const out: Violation[] = [];
    const annotations = getIn(obj, [...pod.metadataPath, 'annotations']);
    if (isRecord(annotations)) {
      for (const [k, v] of Object.entries(annotations)) {
        if (!k.startsWith(APPARMOR_PREFIX)) continue;
        if (v !== 'runtime/default' && !(typeof v === 'string' && CONFINED_LOCALHOST.test(v))) {
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
