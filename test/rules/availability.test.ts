import { K8sObject } from '../../src/k8s/manifest';
import { compliantSet, cronJob, deployment, job, NS, podDisruptionBudget } from '../fixtures';
import { findingsOf, rulePaths } from '../helpers';

function hpa(target: K8sObject, minReplicas: number | undefined, maxReplicas: number | undefined): K8sObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: NS },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: target.kind, name: target.metadata!.name },
      ...(minReplicas !== undefined ? { minReplicas } : {}),
      ...(maxReplicas !== undefined ? { maxReplicas } : {}),
    },
  };
}

function statefulSet(): K8sObject {
  const d = deployment();
  delete d.spec.strategy;
  return { ...d, kind: 'StatefulSet', metadata: { ...d.metadata, name: 'db' }, spec: { ...d.spec, serviceName: 'db' } };
}

function daemonSet(): K8sObject {
  const d = deployment();
  delete d.spec.replicas; delete d.spec.strategy;
  return { ...d, kind: 'DaemonSet', metadata: { ...d.metadata, name: 'agent' } };
}

describe('minimum-replicas', () => {
  test('flags unset replicas, a single replica, and a StatefulSet of 1', () => {
    const unset = deployment(); delete unset.spec.replicas;
    const one = deployment(); one.metadata!.name = 'one'; one.spec.replicas = 1;
    const sts = statefulSet(); sts.spec.replicas = 1;
    const findings = findingsOf('minimum-replicas', [unset, one, sts]);
    expect(rulePaths(findings)).toEqual([
      ['minimum-replicas', 'spec.replicas'],
      ['minimum-replicas', 'spec.replicas'],
      ['minimum-replicas', 'spec.replicas'],
    ]);
    expect(findings[0].message).toBe('replicas is not set, so it runs 1 pod');
    expect(findings[1].message).toBe('replicas is 1, fewer than 2');
  });
  test('an HPA-scaled Deployment is judged by the HPA minimum, at spec.replicas', () => {
    const d = deployment(); d.spec.replicas = 3;
    const findings = findingsOf('minimum-replicas', [d, hpa(d, 1, 5)]);
    expect(rulePaths(findings)).toEqual([['minimum-replicas', 'spec.replicas']]);
    expect(findings[0].message).toBe('the HorizontalPodAutoscaler "web" that scales it has minReplicas 1, so it can run fewer than 2 pods');
    const unsetMin = deployment();
    expect(findingsOf('minimum-replicas', [unsetMin, hpa(unsetMin, undefined, 5)])[0].message).toContain('sets no minReplicas (1)');
  });
  test('an HPA minimum of 2 passes even when spec.replicas is 1', () => {
    const d = deployment(); d.spec.replicas = 1;
    expect(findingsOf('minimum-replicas', [d, hpa(d, 2, 5)])).toEqual([]);
  });
  test('ignores DaemonSets and Jobs; passes the compliant set', () => {
    expect(findingsOf('minimum-replicas', [daemonSet(), job(), cronJob()])).toEqual([]);
    expect(findingsOf('minimum-replicas', compliantSet())).toEqual([]);
  });
});

describe('hpa-min-replicas', () => {
  test('flags an unset or low minReplicas and a maxReplicas not above it', () => {
    const d = deployment();
    const unset = hpa(d, undefined, 1);
    const low = hpa(d, 1, 4); low.metadata!.name = 'low';
    const flat = hpa(d, 3, 3); flat.metadata!.name = 'flat';
    const findings = findingsOf('hpa-min-replicas', [unset, low, flat]);
    expect(rulePaths(findings)).toEqual([
      ['hpa-min-replicas', 'spec.minReplicas'],
      ['hpa-min-replicas', 'spec.maxReplicas'],
      ['hpa-min-replicas', 'spec.minReplicas'],
      ['hpa-min-replicas', 'spec.maxReplicas'],
    ]);
    expect(findings[0].message).toBe('minReplicas is not set, so it scales down to 1 pod');
    expect(findings[1].message).toBe('maxReplicas is 1, not above minReplicas 1, so it cannot scale out');
    expect(findings[3].message).toBe('maxReplicas is 3, not above minReplicas 3, so it cannot scale out');
  });
  test('flags a missing maxReplicas', () => {
    expect(rulePaths(findingsOf('hpa-min-replicas', [hpa(deployment(), 2, undefined)]))).toEqual([['hpa-min-replicas', 'spec.maxReplicas']]);
  });
  test('passes 2..5; passes the compliant set', () => {
    expect(findingsOf('hpa-min-replicas', [hpa(deployment(), 2, 5)])).toEqual([]);
    expect(findingsOf('hpa-min-replicas', compliantSet())).toEqual([]);
  });
});

describe('rolling-update-max-unavailable', () => {
  test('flags the 25% default, a percentage, a count, and Recreate', () => {
    const noStrategy = deployment(); delete noStrategy.spec.strategy;
    const pct = deployment(); pct.metadata!.name = 'pct'; pct.spec.strategy.rollingUpdate.maxUnavailable = '25%';
    const one = deployment(); one.metadata!.name = 'one'; one.spec.strategy.rollingUpdate.maxUnavailable = 1;
    const recreate = deployment(); recreate.metadata!.name = 'recreate'; recreate.spec.strategy = { type: 'Recreate' };
    const findings = findingsOf('rolling-update-max-unavailable', [noStrategy, pct, one, recreate]);
    expect(rulePaths(findings)).toEqual([
      ['rolling-update-max-unavailable', 'spec.strategy.rollingUpdate.maxUnavailable'],
      ['rolling-update-max-unavailable', 'spec.strategy.rollingUpdate.maxUnavailable'],
      ['rolling-update-max-unavailable', 'spec.strategy.rollingUpdate.maxUnavailable'],
      ['rolling-update-max-unavailable', 'spec.strategy.type'],
    ]);
    expect(findings[0].message).toContain('25%');
    expect(findings[1].message).toBe('maxUnavailable is "25%", so a rollout may take pods down before their replacements are ready');
  });
  test('passes 0 and "0%" (type unset means RollingUpdate); ignores StatefulSets; passes the compliant set', () => {
    const pct = deployment(); pct.spec.strategy = { rollingUpdate: { maxUnavailable: '0%', maxSurge: '25%' } };
    expect(findingsOf('rolling-update-max-unavailable', [pct, statefulSet()])).toEqual([]);
    expect(findingsOf('rolling-update-max-unavailable', compliantSet())).toEqual([]);
  });
});

describe('pdb-no-zero-disruptions', () => {
  test('flags maxUnavailable 0 and "0%", and minAvailable "100%"', () => {
    const zero = podDisruptionBudget(); zero.spec.maxUnavailable = 0;
    const zeroPct = podDisruptionBudget(); zeroPct.metadata!.name = 'pct'; zeroPct.spec.maxUnavailable = '0%';
    const all = podDisruptionBudget(); all.metadata!.name = 'all'; delete all.spec.maxUnavailable; all.spec.minAvailable = '100%';
    expect(rulePaths(findingsOf('pdb-no-zero-disruptions', [deployment(), zero, zeroPct, all]))).toEqual([
      ['pdb-no-zero-disruptions', 'spec.maxUnavailable'],
      ['pdb-no-zero-disruptions', 'spec.maxUnavailable'],
      ['pdb-no-zero-disruptions', 'spec.minAvailable'],
    ]);
  });
  test('flags a minAvailable as large as the replicas its selector matches (matchExpressions)', () => {
    const pdb = podDisruptionBudget(); delete pdb.spec.maxUnavailable;
    pdb.spec.minAvailable = 3;
    pdb.spec.selector = { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['web', 'api'] }] };
    const findings = findingsOf('pdb-no-zero-disruptions', [deployment(), pdb]);
    expect(rulePaths(findings)).toEqual([['pdb-no-zero-disruptions', 'spec.minAvailable']]);
    expect(findings[0].message).toBe('minAvailable is 3 but the pods it selects number at most 3 (Deployment "web"), so none can ever be evicted');
  });
  test('with an HPA, the HPA maximum counts', () => {
    const d = deployment();
    const pdb = podDisruptionBudget(); delete pdb.spec.maxUnavailable; pdb.spec.minAvailable = 5;
    const findings = findingsOf('pdb-no-zero-disruptions', [d, hpa(d, 2, 5), pdb]);
    expect(rulePaths(findings)).toEqual([['pdb-no-zero-disruptions', 'spec.minAvailable']]);
    expect(findings[0].message).toContain('HorizontalPodAutoscaler "web" maxReplicas 5');
    pdb.spec.minAvailable = 4;
    expect(findingsOf('pdb-no-zero-disruptions', [d, hpa(d, 2, 5), pdb])).toEqual([]);
  });
  test('passes a minAvailable below the replicas, one whose selector matches no workload, and one over a DaemonSet', () => {
    const below = podDisruptionBudget(); delete below.spec.maxUnavailable; below.spec.minAvailable = 2;
    const other = podDisruptionBudget(); other.metadata!.name = 'other'; delete other.spec.maxUnavailable; other.spec.minAvailable = 3;
    other.spec.selector = { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['web'] }] };
    expect(findingsOf('pdb-no-zero-disruptions', [deployment(), below, other])).toEqual([]);
    const ds = podDisruptionBudget(); delete ds.spec.maxUnavailable; ds.spec.minAvailable = 3;
    expect(findingsOf('pdb-no-zero-disruptions', [daemonSet(), ds])).toEqual([]);
  });
  test('passes the compliant set', () => {
    expect(findingsOf('pdb-no-zero-disruptions', compliantSet())).toEqual([]);
  });
});

describe('pdb-unhealthy-pod-eviction-policy', () => {
  test('flags unset and IfHealthyBudget, as a warning', () => {
    const unset = podDisruptionBudget(); delete unset.spec.unhealthyPodEvictionPolicy;
    const ifHealthy = podDisruptionBudget(); ifHealthy.metadata!.name = 'h'; ifHealthy.spec.unhealthyPodEvictionPolicy = 'IfHealthyBudget';
    const findings = findingsOf('pdb-unhealthy-pod-eviction-policy', [unset, ifHealthy]);
    expect(rulePaths(findings)).toEqual([
      ['pdb-unhealthy-pod-eviction-policy', 'spec.unhealthyPodEvictionPolicy'],
      ['pdb-unhealthy-pod-eviction-policy', 'spec.unhealthyPodEvictionPolicy'],
    ]);
    expect(findings[1].message).toBe('unhealthyPodEvictionPolicy is "IfHealthyBudget", so unhealthy pods can block node drains');
    expect(findings[0].severity).toBe('warning');
  });
  test('passes AlwaysAllow; passes the compliant set', () => {
    expect(findingsOf('pdb-unhealthy-pod-eviction-policy', [podDisruptionBudget()])).toEqual([]);
    expect(findingsOf('pdb-unhealthy-pod-eviction-policy', compliantSet())).toEqual([]);
  });
});

describe('topology-spread', () => {
  test('flags a missing list, a list without hostname, and a hostname constraint selecting other pods', () => {
    const none = deployment(); delete none.spec.template.spec.topologySpreadConstraints;
    const zoneOnly = deployment(); zoneOnly.metadata!.name = 'zone';
    zoneOnly.spec.template.spec.topologySpreadConstraints.splice(0, 1);
    const wrong = statefulSet();
    wrong.spec.template.spec.topologySpreadConstraints[0].labelSelector = { matchLabels: { 'app.kubernetes.io/name': 'other' } };
    const findings = findingsOf('topology-spread', [none, zoneOnly, wrong]);
    expect(rulePaths(findings)).toEqual([
      ['topology-spread', 'spec.template.spec.topologySpreadConstraints'],
      ['topology-spread', 'spec.template.spec.topologySpreadConstraints'],
      ['topology-spread', 'spec.template.spec.topologySpreadConstraints[0].labelSelector'],
    ]);
    expect(findings[0].message).toBe('the pod template has no topologySpreadConstraints, so all replicas may land on one node');
  });
  test('an HPA that can scale a single replica out makes it apply', () => {
    const d = deployment(); d.spec.replicas = 1; delete d.spec.template.spec.topologySpreadConstraints;
    expect(rulePaths(findingsOf('topology-spread', [d, hpa(d, 1, 3)]))).toEqual([['topology-spread', 'spec.template.spec.topologySpreadConstraints']]);
    expect(findingsOf('topology-spread', [d])).toEqual([]);
  });
  test('passes matchExpressions selecting the pod; ignores DaemonSets and Jobs; passes the compliant set', () => {
    const d = deployment();
    d.spec.template.spec.topologySpreadConstraints[0].labelSelector = { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['web'] }] };
    const ds = daemonSet(); delete ds.spec.template.spec.topologySpreadConstraints;
    expect(findingsOf('topology-spread', [d, ds, job()])).toEqual([]);
    expect(findingsOf('topology-spread', compliantSet())).toEqual([]);
  });
});

describe('pod-anti-affinity', () => {
  test('flags missing anti-affinity, a zone-only term, and a hostname term selecting other pods', () => {
    const none = deployment(); delete none.spec.template.spec.affinity;
    const zone = deployment(); zone.metadata!.name = 'zone';
    zone.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey = 'topology.kubernetes.io/zone';
    const wrong = deployment(); wrong.metadata!.name = 'wrong';
    wrong.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector = {
      matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'DoesNotExist' }],
    };
    const findings = findingsOf('pod-anti-affinity', [none, zone, wrong]);
    expect(rulePaths(findings)).toEqual([
      ['pod-anti-affinity', 'spec.template.spec.affinity.podAntiAffinity'],
      ['pod-anti-affinity', 'spec.template.spec.affinity.podAntiAffinity'],
      ['pod-anti-affinity', 'spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector'],
    ]);
    expect(findings[1].message).toBe('no podAntiAffinity term is on kubernetes.io/hostname, so replicas may share a node');
  });
  test('passes a required term; ignores a single replica; passes the compliant set', () => {
    const d = deployment();
    d.spec.template.spec.affinity.podAntiAffinity = {
      requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } }],
    };
    const single = deployment(); single.metadata!.name = 'single'; single.spec.replicas = 1; delete single.spec.template.spec.affinity;
    expect(findingsOf('pod-anti-affinity', [d, single])).toEqual([]);
    expect(findingsOf('pod-anti-affinity', compliantSet())).toEqual([]);
  });
  test('does not throw on odd shapes', () => {
    const d = deployment(); d.spec.template.spec.affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: 'x', requiredDuringSchedulingIgnoredDuringExecution: [null, 3] } };
    expect(rulePaths(findingsOf('pod-anti-affinity', [d]))).toEqual([['pod-anti-affinity', 'spec.template.spec.affinity.podAntiAffinity']]);
  });
});

describe('pid1-init', () => {
  test('without a shared process namespace, flags each container not started by an init, also in CronJobs', () => {
    const d = deployment(); delete d.spec.template.spec.shareProcessNamespace;
    d.spec.template.spec.initContainers = [{ name: 'wait', image: 'registry.example.com/tools:1', command: ['/usr/bin/tini', '--', 'wait-for-db'] }];
    const c = cronJob(); c.spec.jobTemplate.spec.template.spec.shareProcessNamespace = false;
    const findings = findingsOf('pid1-init', [d, c]);
    expect(rulePaths(findings)).toEqual([
      ['pid1-init', 'spec.template.spec.containers[0].command'],
      ['pid1-init', 'spec.jobTemplate.spec.template.spec.containers[0].command'],
    ]);
    expect(findings[0].message).toBe('container "app" sets no command, so its image\'s entrypoint runs as PID 1 without an init to forward signals and reap zombies');
    expect(findings[1].message).toBe('container "report" runs "/app/run" as PID 1 without an init to forward signals and reap zombies');
  });
  test('passes when every container starts through an init', () => {
    const j = job(); delete j.spec.template.spec.shareProcessNamespace;
    j.spec.template.spec.containers[0].command = ['dumb-init', '/app/run', 'migrate'];
    j.spec.template.spec.initContainers = [{ name: 'prep', image: 'x:1', command: ['/sbin/tini', '--', 'prep'] }];
    expect(findingsOf('pid1-init', [j])).toEqual([]);
  });
  test('passes when the pod template declares the image\'s own init', () => {
    const d = deployment(); delete d.spec.template.spec.shareProcessNamespace;
    d.spec.template.metadata.annotations = { 'cdk8s-prod.io/init': 'tini' };
    expect(findingsOf('pid1-init', [d])).toEqual([]);
    d.spec.template.metadata.annotations = { 'cdk8s-prod.io/init': '' };
    expect(rulePaths(findingsOf('pid1-init', [d]))).toEqual([['pid1-init', 'spec.template.spec.containers[0].command']]);
  });
  test('passes the compliant set (it shares the process namespace)', () => {
    expect(findingsOf('pid1-init', compliantSet())).toEqual([]);
  });
});
