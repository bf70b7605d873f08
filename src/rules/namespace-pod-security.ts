import { celString } from '../engine/cel';
import { getIn } from '../k8s/manifest';
import { example, objectRule } from '../engine/rule';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

export const namespacePodSecurity = objectRule({
  id: 'namespace-pod-security',
  pack: 'namespaces',
  title: 'Namespaces enforce the restricted Pod Security Standard',
  severity: 'error',
  pattern: null,
  description: 'Pod Security Admission enforces a level only on namespaces labelled for it; without `enforce: restricted`, a privileged or root pod is admitted however well the manifests here are written.',
  kinds: ['Namespace'],
  equivalents: { pss: ['restricted'] },
  remediation: `Label the Namespace ${ENFORCE}: restricted (and the audit and warn labels alike); QuotaNamespace sets them.`,
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: v1
      kind: Namespace
      metadata: { name: shop }
    `, example`
      apiVersion: v1
      kind: Namespace
      metadata:
        name: shop
        labels:
          pod-security.kubernetes.io/enforce: baseline  # admits pods that run as root
    `],
    compliant: [example`
      apiVersion: v1
      kind: Namespace
      metadata:
        name: shop
        labels:
          pod-security.kubernetes.io/enforce: restricted
          pod-security.kubernetes.io/audit: restricted
          pod-security.kubernetes.io/warn: restricted
    `],
  },
  admission: {
    kinds: ['Namespace'],
    expression: `has(object.metadata.labels) && ${celString(ENFORCE)} in object.metadata.labels && object.metadata.labels[${celString(ENFORCE)}] == 'restricted'`,
  },
  check: (obj) => {
    const path = ['metadata', 'labels', ENFORCE];
    const level = getIn(obj, path);
    if (level === undefined || level === null) return [{ path, message: 'the Namespace has no pod security enforce label, so pods of any privilege are admitted' }];
    if (level !== 'restricted') return [{ path, message: `the Namespace enforces pod security level ${JSON.stringify(level)}, not "restricted"` }];
    return [];
  },
});
