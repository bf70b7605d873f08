import { nameOf } from '../k8s/manifest';
import { example, objectRule } from '../engine/rule';

export const namespaceLimitRange = objectRule({
  id: 'namespace-limit-range',
  pack: 'namespaces',
  title: 'Namespaces have a LimitRange',
  severity: 'error',
  pattern: 10,
  description: 'A LimitRange gives every container of the namespace default requests and limits and caps them, so a pod written without resources is neither unbounded nor rejected by the quota.',
  kinds: ['Namespace'],
  scope: 'Namespace, against the LimitRanges in that namespace',
  remediation: 'Add a LimitRange in the namespace with a Container entry giving defaultRequest, default and max for cpu and memory (QuotaNamespace adds one).',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: v1
      kind: Namespace
      metadata: { name: shop }
    `],
    compliant: [example`
      apiVersion: v1
      kind: Namespace
      metadata: { name: shop }
      ---
      apiVersion: v1
      kind: LimitRange
      metadata: { name: container-defaults, namespace: shop }
      spec:
        limits:
          - type: Container
            defaultRequest: { cpu: 100m, memory: 128Mi }
            default: { cpu: 500m, memory: 256Mi }
            max: { cpu: "2", memory: 2Gi }
    `],
  },
  admission: {
    gate: 'synth-and-ci',
    reason: 'a Namespace needs a LimitRange in it: another object, created after the Namespace',
  },
  check: (obj, { index }) => {
    const name = nameOf(obj);
    if (name !== '' && index.ofKind(name, 'LimitRange').length > 0) return [];
    return [{ path: ['metadata', 'name'], message: `no LimitRange is defined in namespace ${JSON.stringify(name)}` }];
  },
});
