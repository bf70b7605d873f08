import { K8sObject } from '../../src/k8s/manifest';
import { budgetReport, formatBudget } from '../../src/k8s/quota';
import { NS, compliantSet, cronJob, deployment, job, limitRange, resourceQuota } from '../fixtures';
import { findingsOf, replace, rulePaths } from '../helpers';

/**
 * The compliant set claims, at once: web 3 replicas + 1 surge = 4 pods × (100m, 128Mi, limit 256Mi),
 * migrate 1 pod and report 1 pod × (50m, 64Mi, limit 128Mi): 6 pods, 500m, 640Mi, 1280Mi.
 */
function withQuota(hard: Record<string, string>, objects: K8sObject[] = compliantSet()): K8sObject[] {
  const q = resourceQuota();
  q.spec.hard = hard;
  return replace(objects, q);
}

const EXACT = { 'pods': '6', 'requests.cpu': '500m', 'requests.memory': '640Mi', 'limits.memory': '1280Mi' };

describe('namespace-quota-fit', () => {
  test('fits exactly', () => {
    expect(findingsOf('namespace-quota-fit', withQuota(EXACT))).toEqual([]);
  });

  test('over by one replica', () => {
    const d = deployment(); d.spec.replicas = 4;
    const found = findingsOf('namespace-quota-fit', withQuota(EXACT, replace(compliantSet(), d)));
    expect(rulePaths(found)).toEqual([
      ['namespace-quota-fit', 'spec.hard.pods'],
      ['namespace-quota-fit', 'spec.hard["requests.cpu"]'],
      ['namespace-quota-fit', 'spec.hard["requests.memory"]'],
      ['namespace-quota-fit', 'spec.hard["limits.memory"]'],
    ]);
    expect(found[0].message).toBe('the workloads can claim 7 of pods at once, over the hard limit of 6: '
      + 'Deployment/web: 5 pods (4 replicas + 1 surge during a rollout); Job/migrate: 1 pod (parallelism 1); '
      + 'CronJob/report: 1 pod (parallelism 1, one run at a time (Forbid))');
    expect(found[1].message).toContain('the workloads can claim 600m of requests.cpu at once, over the hard limit of 500m: Deployment/web: 5 pods × 100m = 500m');
  });

  test('over only during a rolling update (the surge)', () => {
    const steady = withQuota({ ...EXACT, pods: '5' });
    const found = findingsOf('namespace-quota-fit', steady);
    expect(rulePaths(found)).toEqual([['namespace-quota-fit', 'spec.hard.pods']]);
    expect(found[0].message).toContain('Deployment/web: 4 pods (3 replicas + 1 surge during a rollout)');
    const recreate = deployment();
    recreate.spec.strategy = { type: 'Recreate' };
    expect(findingsOf('namespace-quota-fit', withQuota({ ...EXACT, pods: '5' }, replace(compliantSet(), recreate)))).toEqual([]);
  });

  test('a percentage surge rounds up', () => {
    const d = deployment(); d.spec.strategy.rollingUpdate.maxSurge = '25%'; d.spec.replicas = 5;
    const found = findingsOf('namespace-quota-fit', withQuota({ pods: '8' }, replace(compliantSet(), d)));
    expect(found[0].message).toContain('Deployment/web: 7 pods (5 replicas + 2 surge during a rollout)');
  });

  test('over through an HPA\'s max', () => {
    const hpa: K8sObject = {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: NS },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 3, maxReplicas: 6 },
    };
    const found = findingsOf('namespace-quota-fit', withQuota(EXACT, [...compliantSet(), hpa]));
    expect(found.map((f) => f.path)).toEqual(['spec.hard.pods', 'spec.hard["requests.cpu"]', 'spec.hard["requests.memory"]', 'spec.hard["limits.memory"]']);
    expect(found[0].message).toContain('Deployment/web: 7 pods (6 (the HPA\'s max) + 1 surge during a rollout)');
  });

  test('a CronJob whose concurrency doubles its need', () => {
    const c = cronJob(); c.spec.concurrencyPolicy = 'Replace';
    const found = findingsOf('namespace-quota-fit', withQuota(EXACT, replace(compliantSet(), c)));
    expect(found[0].message).toContain('CronJob/report: 2 pods (parallelism 1 × 2 while Replace swaps runs)');
    const allow = cronJob(); allow.spec.concurrencyPolicy = 'Allow';
    expect(findingsOf('namespace-quota-fit', withQuota(EXACT, replace(compliantSet(), allow)))[0].message)
      .toContain('the workloads can claim unbounded of pods at once');
  });

  test('Job parallelism multiplies', () => {
    const j = job(); j.spec.parallelism = 3;
    expect(findingsOf('namespace-quota-fit', withQuota(EXACT, replace(compliantSet(), j)))[0].message).toContain('Job/migrate: 3 pods (parallelism 3)');
  });

  test('a quota on a resource the pods do not set rejects them, unless a LimitRange default applies', () => {
    expect(findingsOf('namespace-quota-fit', withQuota({ 'limits.cpu': '10' }))).toEqual([]);
    const d = deployment(); delete d.spec.template.spec.containers[0].resources.limits.cpu;
    const noLimitRange = replace(compliantSet(), d).filter((o) => o.kind !== 'LimitRange');
    const unset = findingsOf('namespace-quota-fit', withQuota({ 'limits.cpu': '10' }, noLimitRange));
    expect(rulePaths(unset)).toEqual([['namespace-quota-fit', 'spec.hard["limits.cpu"]']]);
    expect(unset[0].message).toBe('the quota limits limits.cpu, but Deployment/web sets none and no LimitRange default applies, so the API server rejects its pods');
    // The fixture's LimitRange has a default CPU limit of 500m: with it, the pods get one.
    expect(findingsOf('namespace-quota-fit', withQuota({ 'limits.cpu': '10' }, [...noLimitRange, limitRange()]))).toEqual([]);
  });

  test('LimitRange defaults count toward the quota; a missing request takes the container\'s own limit first', () => {
    const d = deployment();
    delete d.spec.template.spec.containers[0].resources.requests.memory;
    delete d.spec.template.spec.containers[0].resources.limits.memory;
    // defaultRequest 128Mi and default 256Mi equal the fixture's values: the sums are unchanged.
    expect(findingsOf('namespace-quota-fit', withQuota(EXACT, replace(compliantSet(), d)))).toEqual([]);
    const own = deployment(); delete own.spec.template.spec.containers[0].resources.requests.memory;
    // The API server defaults the request to the limit (256Mi) before any LimitRange applies.
    expect(findingsOf('namespace-quota-fit', withQuota(EXACT, replace(compliantSet(), own)))[0].message)
      .toContain('Deployment/web: 4 pods × 256Mi = 1Gi');
  });

  test('aliases and object counts: cpu, memory, count/services, configmaps', () => {
    const found = findingsOf('namespace-quota-fit', withQuota({ 'cpu': '400m', 'memory': '1Gi', 'count/services': '0', 'configmaps': '1' }));
    expect(rulePaths(found)).toEqual([['namespace-quota-fit', 'spec.hard.cpu'], ['namespace-quota-fit', 'spec.hard["count/services"]']]);
    expect(found[1].message).toBe('the workloads can claim 1 of count/services at once, over the hard limit of 0: 1 Service object');
  });

  test('scoped quotas are not analysed; other namespaces do not count; the compliant set passes', () => {
    const q = resourceQuota(); q.spec = { hard: { pods: '1' }, scopes: ['BestEffort'] };
    expect(findingsOf('namespace-quota-fit', replace(compliantSet(), q))).toEqual([]);
    const elsewhere = deployment(); elsewhere.metadata!.namespace = 'other'; elsewhere.metadata!.name = 'big'; elsewhere.spec.replicas = 50;
    expect(findingsOf('namespace-quota-fit', [...compliantSet(), elsewhere])).toEqual([]);
    expect(findingsOf('namespace-quota-fit', compliantSet())).toEqual([]);
  });
});

describe('budget report', () => {
  test('shows each quota line with its use and contributors', () => {
    const text = formatBudget(budgetReport(withQuota(EXACT)));
    expect(text).toContain('namespace shop, ResourceQuota quota');
    expect(text).toMatch(/pods\s+6 of 6\s+100%/);
    expect(text).toMatch(/requests\.memory\s+640Mi of 640Mi\s+100%/);
    expect(text).toContain('Deployment/web: 4 pods × 256Mi = 1Gi (3 replicas + 1 surge during a rollout)');
    const over = formatBudget(budgetReport(withQuota({ pods: '2' })));
    expect(over).toMatch(/pods\s+6 of 2\s+300%  OVER/);
  });
});
