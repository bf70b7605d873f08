import { celHasDigest, celWellFormed } from './_images-cel';
import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { parseImageReference } from '../k8s/image-ref';
import { describeContainer, containerRule, example } from '../engine/rule';

export const imageDigestRequired = containerRule({
  id: 'image-digest-required',
  pack: 'images',
  title: 'Images are pinned by digest (when the team requires it)',
  severity: 'error',
  pattern: 7,
  description: 'A tag can be pushed again; only a digest names the exact bytes that run. Teams that sign or scan images by digest turn this rule on (ProductionApp requireImageDigests, `check --require-digest`).',
  workloads: 'all',
  containers: 'all',
  scope: 'containers and init containers of every pod template, when the audit requires digests',
  equivalents: { kyverno: ['require-image-digest'] },
  remediation: 'Deploy images as name@sha256:<64 hex digits> (the tag may stay in front: web:1.4.2@sha256:…).',
  suppressible: true,
  examples: {
    settings: { requireImageDigests: true },
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
                image: registry.example.com/shop/web:1.4.2@sha256:3f1c0a9e3f1c0a9e3f1c0a9e3f1c0a9e3f1c0a9e3f1c0a9e3f1c0a9e3f1c0a9e
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    // Only when the audit requires digests; a malformed reference is image-tag-required's finding.
    expression: ({ settings }) => (settings.requireImageDigests
      ? `variables.containers.all(c, !(has(c.image) && ${celWellFormed('c.image')}) || ${celHasDigest('c.image')})`
      : undefined),
  },
  check: (c, _pod, _obj, { settings }) => {
    if (!settings.requireImageDigests) return [];
    const image = c.container.image;
    if (typeof image !== 'string') return [];
    const parsed = parseImageReference(image);
    if (!parsed.ok || parsed.value.digest !== undefined) return [];
    return [{ path: [...c.path, 'image'], message: `the image of ${describeContainer(c)} (${JSON.stringify(image)}) has no digest` }];
  },
});
