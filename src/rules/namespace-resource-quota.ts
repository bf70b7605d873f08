import { nameOf } from '../k8s/manifest';
import { example, objectRule } from '../engine/rule';

export const namespaceResourceQuota = objectRule({
  id: 'namespace-resource-quota',
  pack: 'namespaces',
  title: 'Namespaces have a ResourceQuota',
  severity: 'error',
  pattern: 10,
  description: 'Quotas belong per namespace: without a ResourceQuota one runaway workload (or a leak of replicas) can take every CPU and byte of memory the cluster has.',
  kinds: ['Namespace'],
  scope: 'Namespace, against the ResourceQuotas in that namespace',
  remediation: 'Add a ResourceQuota in the namespace with hard limits on requests.cpu, requests.memory, limits.memory and pods (QuotaNamespace adds one).',
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
      kind: ResourceQuota
      metadata: { name: compute, namespace: shop }
      spec:
        hard: { requests.cpu: "8", requests.memory: 16Gi, limits.memory: 24Gi, pods: "50" }
    `],
  },
  admission: {
    gate: 'synth-and-ci',
    reason: 'a Namespace needs a ResourceQuota in it: another object, created after the Namespace',
  },
  check: (obj, { index }) => {
    const name = nameOf(obj);
    if (name !== '' && index.ofKind(name, 'ResourceQuota').length > 0) return [];
    return [{ path: ['metadata', 'name'], message: `no ResourceQuota is defined in namespace ${JSON.stringify(name)}` }];
  },
});
