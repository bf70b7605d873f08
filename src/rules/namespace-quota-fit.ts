import { formatAmount, isStorageKey, quotaUsage } from '../k8s/quota';
import { example, objectRule } from '../engine/rule';

export const namespaceQuotaFit = objectRule({
  id: 'namespace-quota-fit',
  pack: 'namespaces',
  title: 'Workloads fit their namespace\'s quota',
  severity: 'error',
  pattern: 10,
  description: 'A namespace whose workloads can claim more than its ResourceQuota allows fails at the worst moment: the surge of a rollout, an autoscaler scaling out, or a CronJob run, whose pods the API server then refuses. A quota on a resource that a pod does not set rejects that pod outright.',
  kinds: ['ResourceQuota'],
  scope: 'ResourceQuota, against every workload of its namespace: pods at once = replicas (or the HPA\'s max) + rolling-update surge, Job parallelism, CronJob parallelism × concurrent runs; LimitRange defaults fill unset requests and limits. Quotas with scopes are not analysed.',
  remediation: 'Raise the quota, or lower replicas, surge, HPA max, parallelism or per-pod resources until the sum fits; set the resource the quota tracks on every container (or a LimitRange default). QuotaNamespace runs this check at synth.',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: v1
      kind: ResourceQuota
      metadata: { name: compute, namespace: shop }
      spec:
        hard: { requests.cpu: "2", requests.memory: 8Gi, limits.memory: 8Gi, pods: "20" }
      ---
      # 4 replicas + 1 surge pod during a rollout = 5 pods × 500m = 2500m of CPU
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        replicas: 4
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                resources:
                  requests: { cpu: 500m, memory: 512Mi }
                  limits: { memory: 512Mi }
    `, example`
      apiVersion: v1
      kind: ResourceQuota
      metadata: { name: compute, namespace: shop }
      spec:
        hard: { requests.cpu: "4", requests.memory: 8Gi, limits.memory: 8Gi, pods: "20" }
      ---
      # no memory limit and no LimitRange default: the quota makes the API server refuse its pods
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        replicas: 4
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                resources:
                  requests: { cpu: 500m, memory: 512Mi }
    `],
    compliant: [example`
      apiVersion: v1
      kind: ResourceQuota
      metadata: { name: compute, namespace: shop }
      spec:
        hard: { requests.cpu: "4", requests.memory: 8Gi, limits.memory: 8Gi, pods: "20" }
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        replicas: 4
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                resources:
                  requests: { cpu: 500m, memory: 512Mi }
                  limits: { memory: 512Mi }
    `],
  },
  admission: {
    gate: 'synth-and-ci',
    reason: 'whether a namespace\'s workloads fit its quota takes every workload of the namespace and the quota together',
  },
  check: (obj, { index }) => {
    const usage = quotaUsage(obj, index);
    if (usage.scoped) return [];
    const out = [];
    for (const l of usage.lines) {
      const path = ['spec', 'hard', l.key];
      if (l.unset.length) {
        const one = l.unset.length === 1;
        out.push({
          path,
          message: isStorageKey(l.key)
            ? `the quota limits ${l.key}, but ${l.unset.join(', ')} request${one ? 's' : ''} no storage size, so the API server rejects ${one ? 'its' : 'their'} claims`
            : `the quota limits ${l.key}, but ${l.unset.join(', ')} set${one ? 's' : ''} none and no LimitRange default applies, so the API server rejects ${one ? 'its' : 'their'} pods`,
        });
      }
      if (l.uncounted.length) {
        out.push({ path, message: `the quota limits ${l.key}, but what ${l.uncounted.join(', ')} claim${l.uncounted.length === 1 ? 's' : ''} cannot be counted, so the fit cannot be proved` });
      }
      if (l.used > l.hard) {
        const res = l.key === 'cpu' || l.key === 'memory' ? `requests.${l.key}` : l.key;
        out.push({
          path,
          message: `the workloads can claim ${formatAmount(res, l.used)} of ${l.key} at once, over the hard limit of ${l.hardText}: `
            + l.contributions.filter((c) => c.amount > 0).map((c) => c.text).join('; '),
        });
      }
    }
    return out;
  },
});
