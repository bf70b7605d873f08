import { imageIssue } from './_images';
import { celMoving, celWellFormed } from './_images-cel';
import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { containerRule, example } from '../engine/rule';

export const imageMovingTag = containerRule({
  id: 'image-moving-tag',
  pack: 'images',
  title: 'Images are not tagged with a moving tag',
  severity: 'error',
  pattern: 7,
  description: 'A channel or branch tag (stable, main, edge, lts, nightly) or a tag that names no version (alpine, bookworm) is pushed again as new builds arrive: like latest, it does not say which version runs, and nodes that pulled at different times run different code.',
  workloads: 'all',
  containers: 'all',
  equivalents: { kubeLinter: ['latest-tag'], kyverno: ['disallow-latest-tag'] },
  remediation: 'Deploy a tag that names one build (web:1.4.2, nginx:1.27.3-alpine, or the git commit), or pin a digest (web@sha256:<64 hex digits>).',
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
                # "main" is re-pushed on every merge
                image: registry.example.com/shop/web:main
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
              - name: cache
                # "alpine" names no version of redis
                image: registry.example.com/mirror/redis:alpine
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
              - name: cache
                image: registry.example.com/mirror/redis:7.4.1-alpine
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: `variables.containers.all(c, !(has(c.image) && ${celWellFormed('c.image')} && ${celMoving('c.image')}))`,
  },
  check: (c) => {
    const issue = imageIssue(c);
    return issue?.kind === 'moving' ? [{ path: [...c.path, 'image'], message: issue.message }] : [];
  },
});
