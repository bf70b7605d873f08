import { imageIssue } from './_images';
import { celLatest, celWellFormed } from './_images-cel';
import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { containerRule, example } from '../engine/rule';

export const imageNotLatest = containerRule({
  id: 'image-not-latest',
  pack: 'images',
  title: 'Images are not tagged latest',
  severity: 'error',
  pattern: 7,
  description: 'The "latest" tag moves: you cannot tell which version runs, nodes that pulled at different times run different code, and a rollback redeploys whatever latest is now.',
  workloads: 'all',
  containers: 'all',
  equivalents: { kubeLinter: ['latest-tag'], polaris: ['tagNotSpecified'], kyverno: ['disallow-latest-tag'] },
  remediation: 'Tag each build with its version (e.g. web:1.4.2, or the git commit) and deploy that tag, or pin a digest (web@sha256:<64 hex digits>).',
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
                image: registry.example.com/shop/web:latest
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
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    // A malformed reference is image-tag-required's finding.
    expression: `variables.containers.all(c, !(has(c.image) && ${celWellFormed('c.image')} && ${celLatest('c.image')}))`,
  },
  check: (c) => {
    const issue = imageIssue(c);
    return issue?.kind === 'latest' ? [{ path: [...c.path, 'image'], message: issue.message }] : [];
  },
});
