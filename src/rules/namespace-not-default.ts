import { getIn, isClusterScoped } from '../k8s/manifest';
import { example, objectRule } from '../engine/rule';

/** Namespaces that belong to the cluster itself: an application has no business there. */
export const RESERVED_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export const namespaceNotDefault = objectRule({
  id: 'namespace-not-default',
  pack: 'namespaces',
  title: 'Objects live in an explicit namespace of their own, not default or kube-*',
  severity: 'error',
  pattern: null,
  description: 'An object without a namespace lands wherever the applying context points, usually `default`, which has no quota, no network policy and no pod security level of its own; '
    + 'kube-system, kube-public and kube-node-lease belong to the cluster, and what runs in kube-system is trusted by it.',
  scope: 'every namespaced object, and Namespace objects (which must not be the reserved ones)',
  equivalents: { kubeLinter: ['use-namespace'], kyverno: ['disallow-default-namespace'] },
  remediation: 'Set metadata.namespace to a namespace of the application (QuotaNamespace creates one with its quota, limits and pod security level) on every namespaced object.',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web }  # lands in whatever namespace kubectl points at
      spec:
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - { name: app, image: registry.example.com/shop/web:1.4.2 }
    `, example`
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: web-config, namespace: default }
      data: { LOG_LEVEL: info }
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
              - { name: app, image: registry.example.com/shop/web:1.4.2 }
    `],
  },
  admission: {
    gate: 'synth-and-ci',
    reason: 'a manifest without a namespace lands wherever the applier\'s context points; at admission every namespaced object already has the namespace of its request, so what the rule guards is a property of the manifest',
  },
  check: (obj) => {
    if (obj.kind === 'Namespace') {
      const name = getIn(obj, ['metadata', 'name']);
      return RESERVED_NAMESPACES.includes(name) ? [{ path: ['metadata', 'name'], message: `the Namespace is the reserved "${name}", which belongs to the cluster` }] : [];
    }
    if (isClusterScoped(obj.kind)) return [];
    const path = ['metadata', 'namespace'];
    const ns = getIn(obj, path);
    if (ns === undefined || ns === null || ns === '') {
      return [{ path, message: `the ${obj.kind} has no namespace, so it lands in the applying context's namespace (usually "default")` }];
    }
    if (typeof ns !== 'string') return [{ path, message: `metadata.namespace is ${JSON.stringify(ns)}, not a namespace name` }];
    if (RESERVED_NAMESPACES.includes(ns)) return [{ path, message: `the ${obj.kind} is in the reserved "${ns}" namespace` }];
    return [];
  },
});
