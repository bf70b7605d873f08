import { celPinned, celWellFormed } from './_images-cel';
import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { isPinned, parseImageReference } from '../k8s/image-ref';
import { containerRule, describeContainer, example } from '../engine/rule';

export const imagePullPolicy = containerRule({
  id: 'image-pull-policy',
  pack: 'images',
  title: 'Pinned images are pulled IfNotPresent',
  severity: 'warning',
  pattern: 7,
  description: 'A pinned image never changes, so imagePullPolicy: Always only makes every pod start depend on the registry, and Never makes it depend on the image having been preloaded on the node.',
  workloads: 'all',
  containers: 'all',
  scope: 'containers and init containers with a pinned image (a digest, or a tag other than latest) in pod templates of every workload',
  equivalents: { polaris: ['pullPolicyNotAlways'] },
  remediation: 'Set imagePullPolicy: IfNotPresent (or leave it unset, which defaults to IfNotPresent for a tagged image). Polaris asks for Always by design; here pinned images use IfNotPresent.',
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
                imagePullPolicy: Always
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
                imagePullPolicy: IfNotPresent
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: `variables.containers.all(c, !(has(c.imagePullPolicy) && c.imagePullPolicy in ['Always', 'Never'] && has(c.image) && ${celWellFormed('c.image')} && ${celPinned('c.image')}))`,
  },
  check: (c) => {
    const policy = c.container.imagePullPolicy;
    if (policy !== 'Always' && policy !== 'Never') return [];
    if (typeof c.container.image !== 'string') return [];
    const parsed = parseImageReference(c.container.image);
    if (!parsed.ok || !isPinned(parsed.value)) return [];
    return [{
      path: [...c.path, 'imagePullPolicy'],
      message: `${describeContainer(c)} pulls its pinned image ${JSON.stringify(c.container.image)} with imagePullPolicy ${JSON.stringify(policy)}`,
    }];
  },
});
