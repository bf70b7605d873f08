import { imageIssue } from './_images';
import { celLatest, celPinned, celWellFormed } from './_images-cel';
import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { containerRule, example } from '../engine/rule';

export const imageTagRequired = containerRule({
  id: 'image-tag-required',
  pack: 'images',
  title: 'Images carry a tag or a digest',
  severity: 'error',
  pattern: 7,
  description: 'An image without a tag or digest means whatever "latest" is at pull time: you cannot tell which version runs, nodes may run different ones, and a rollback redeploys the same unknown image.',
  workloads: 'all',
  containers: 'all',
  equivalents: { kubeLinter: ['latest-tag'], polaris: ['tagNotSpecified'], kyverno: ['disallow-latest-tag'] },
  remediation: 'Write a well-formed reference with a version tag or a digest, e.g. registry.example.com/shop/web:1.4.2 or …/web@sha256:<64 hex digits>; note that in localhost:5000/app the ":5000" is a port, so write localhost:5000/app:1.4.2.',
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
                # no tag: whatever "latest" is at pull time
                image: registry.example.com/shop/web
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
                # ":5000" is the port of the registry, not a tag
                image: localhost:5000/web
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
              - name: app
                image: localhost:5000/web:1.4.2
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    // Every container has a well-formed image, pinned or tagged latest (image-not-latest's finding):
    // check reports a missing, malformed or untagged image here, and a moving tag too.
    expression: `variables.containers.all(c, has(c.image) && ${celWellFormed('c.image')} && (${celPinned('c.image')} || ${celLatest('c.image')}))`,
  },
  check: (c) => {
    const issue = imageIssue(c);
    return issue && issue.kind !== 'latest' ? [{ path: [...c.path, 'image'], message: issue.message }] : [];
  },
});
