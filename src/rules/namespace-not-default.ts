import { getIn, isClusterScoped } from '../manifest';
import { objectRule } from './rule';

export const namespaceNotDefault = objectRule({
  id: 'namespace-not-default',
  title: 'Objects live in an explicit namespace other than default',
  severity: 'error',
  pattern: null,
  description: 'An object without a namespace lands wherever the applying context points, usually `default`, which has no quota, no network policy and no pod security level of its own.',
  scope: 'every namespaced object (not Namespace, ClusterRole and other cluster-scoped kinds)',
  equivalents: { kubeLinter: ['use-namespace'], kyverno: ['disallow-default-namespace'] },
  remediation: 'Set metadata.namespace to a namespace of the application (QuotaNamespace creates one with its quota, limits and pod security level) on every namespaced object.',
  suppressible: true,
  check: (obj) => {
    if (isClusterScoped(obj.kind)) return [];
    const path = ['metadata', 'namespace'];
    const ns = getIn(obj, path);
    if (ns === undefined || ns === null || ns === '') {
      return [{ path, message: `the ${obj.kind} has no namespace, so it lands in the applying context's namespace (usually "default")` }];
    }
    if (typeof ns !== 'string') return [{ path, message: `metadata.namespace is ${JSON.stringify(ns)}, not a namespace name` }];
    if (ns === 'default') return [{ path, message: `the ${obj.kind} is in the "default" namespace` }];
    return [];
  },
});
