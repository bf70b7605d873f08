import { ADMISSION_RESOURCES, celReasonHonoured, celString, celStringList } from '../engine/cel';
import { annotationsOf } from '../k8s/manifest';
import { SUPPRESS_PREFIX, classifySuppressions } from '../engine/suppression-annotations';
import { example, objectRule } from '../engine/rule';

export const suppressionValid = objectRule({
  id: 'suppression-valid',
  pack: 'objects',
  title: 'Suppressions are valid and reasoned',
  severity: 'error',
  pattern: null,
  description: 'A suppression is an explicit exception with a written reason; one that names no rule, a hard-core rule, or gives no real reason would silently hide a problem.',
  scope: 'metadata.annotations of every object',
  remediation: `Write "${SUPPRESS_PREFIX}<rule-id>: <a sentence explaining the exception>" only for suppressible rules of the catalogue.`,
  suppressible: false,
  examples: {
    violating: [example`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: report-generator
        namespace: shop
        annotations:
          cdk8s-prod.io/suppress.minimum-replicas: TODO
      spec:
        replicas: 1
        selector: { matchLabels: { app: report-generator } }
        template:
          metadata: { labels: { app: report-generator } }
          spec:
            containers:
              - { name: app, image: registry.example.com/shop/report-generator:2.0.1 }
    `, example`
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: node-agent
        namespace: shop
        annotations:
          # no-privileged belongs to the hard core: no reason can suppress it
          cdk8s-prod.io/suppress.no-privileged: The agent reads the raw block devices of the node.
      spec:
        selector: { matchLabels: { app: node-agent } }
        template:
          metadata: { labels: { app: node-agent } }
          spec:
            containers:
              - name: agent
                image: registry.example.com/shop/node-agent:0.9.0
                securityContext: { privileged: true }
    `],
    compliant: [example`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: report-generator
        namespace: shop
        annotations:
          cdk8s-prod.io/suppress.minimum-replicas: Only one generator may hold the lock on the shared report store.
      spec:
        replicas: 1
        selector: { matchLabels: { app: report-generator } }
        template:
          metadata: { labels: { app: report-generator } }
          spec:
            containers:
              - { name: app, image: registry.example.com/shop/report-generator:2.0.1 }
    `],
  },
  admission: {
    kinds: ADMISSION_RESOURCES.map((r) => r.kind),
    // Each suppression names a suppressible rule the gate knows, with a reason `check` honours.
    expression: ({ rules }) => {
      const suppressible = [...rules.values()].filter((r) => r.suppressible).map((r) => r.id).sort();
      const reason = 'variables.annotations[k]';
      return `variables.annotations.all(k, !k.startsWith(${celString(SUPPRESS_PREFIX)}) || (k.substring(${SUPPRESS_PREFIX.length}) in ${celStringList(suppressible)} && ${celReasonHonoured(reason)}))`;
    },
  },
  check: (obj, ctx) => classifySuppressions(annotationsOf(obj), ctx.rules).problems
    .map((p) => ({ path: ['metadata', 'annotations', `${SUPPRESS_PREFIX}${p.ruleId}`], message: p.message })),
});
