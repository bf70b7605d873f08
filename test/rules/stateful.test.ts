import { K8sObject } from '../../src/k8s/manifest';
import { budgetReport, formatBudget } from '../../src/k8s/quota';
import { NS } from '../fixtures';
import { findingsOf, rulePaths } from '../helpers';

/*
 * The rules of StatefulSets and DaemonSets (issue 20), and the quota arithmetic of their storage
 * and nodes: each rule flags its anti-pattern with an exact message and passes the compliant form.
 */

const LABELS = { app: 'db' };

function statefulSet(): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: NS },
    spec: {
      serviceName: 'db-headless',
      replicas: 3,
      selector: { matchLabels: LABELS },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      template: {
        metadata: { labels: LABELS },
        spec: { containers: [{ name: 'db', image: 'registry.example.com/shop/db:16.4', resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } } }] },
      },
      volumeClaimTemplates: [
        { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'ssd', resources: { requests: { storage: '20Gi' } } } },
      ],
    },
  };
}

function headless(patch: Record<string, unknown> = {}): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'db-headless', namespace: NS },
    spec: { clusterIP: 'None', selector: LABELS, ports: [{ name: 'pg', port: 5432, targetPort: 'pg' }], ...patch },
  };
}

function daemonSet(): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: NS, annotations: { 'cdk8s-prod.io/node-count': '10' } },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: { containers: [{ name: 'agent', image: 'registry.example.com/shop/agent:2.1.0', resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } } }] },
      },
    },
  };
}

function quota(hard: Record<string, string>): K8sObject {
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'quota', namespace: NS }, spec: { hard } };
}

describe('statefulset-volume-claim-template', () => {
  test('a claim with a size and a StorageClass passes', () => {
    expect(findingsOf('statefulset-volume-claim-template', [statefulSet()])).toEqual([]);
  });

  test('a claim without a StorageClass, or with an empty one', () => {
    for (const cls of [undefined, '']) {
      const s = statefulSet();
      if (cls === undefined) delete s.spec.volumeClaimTemplates[0].spec.storageClassName;
      else s.spec.volumeClaimTemplates[0].spec.storageClassName = cls;
      const found = findingsOf('statefulset-volume-claim-template', [s]);
      expect(rulePaths(found)).toEqual([['statefulset-volume-claim-template', 'spec.volumeClaimTemplates[0].spec.storageClassName']]);
      expect(found[0].message).toBe('the claim "data" names no StorageClass, so it gets the cluster\'s default class, if there is one');
    }
  });

  test('a claim without a size, or with a size of zero', () => {
    const none = statefulSet();
    delete none.spec.volumeClaimTemplates[0].spec.resources;
    const zero = statefulSet();
    zero.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '0Gi';
    zero.metadata!.name = 'db2';
    const found = findingsOf('statefulset-volume-claim-template', [none, zero]);
    expect(rulePaths(found)).toEqual([
      ['statefulset-volume-claim-template', 'spec.volumeClaimTemplates[0].spec.resources.requests.storage'],
      ['statefulset-volume-claim-template', 'spec.volumeClaimTemplates[0].spec.resources.requests.storage'],
    ]);
    expect(found[0].message).toBe('the claim "data" requests no storage size, so it cannot be provisioned or counted against the quota');
    expect(found[1].message).toBe('the claim "data" requests "0Gi" of storage, not a size above zero');
  });

  test('a StatefulSet without claims, and odd shapes, do not crash it', () => {
    const s = statefulSet();
    delete s.spec.volumeClaimTemplates;
    expect(findingsOf('statefulset-volume-claim-template', [s])).toEqual([]);
    const odd = statefulSet();
    odd.spec.volumeClaimTemplates = ['x', null];
    expect(findingsOf('statefulset-volume-claim-template', [odd]).map((f) => f.path)).toEqual([
      'spec.volumeClaimTemplates[0].spec.storageClassName', 'spec.volumeClaimTemplates[0].spec.resources.requests.storage',
      'spec.volumeClaimTemplates[1].spec.storageClassName', 'spec.volumeClaimTemplates[1].spec.resources.requests.storage',
    ]);
  });
});

describe('statefulset-headless-service', () => {
  test('a headless Service that selects the pods passes', () => {
    expect(findingsOf('statefulset-headless-service', [statefulSet(), headless()])).toEqual([]);
  });

  test('no serviceName, no such Service, a Service with a cluster IP, a Service that selects other pods', () => {
    const none = statefulSet();
    delete none.spec.serviceName;
    const cases: Array<[K8sObject[], string]> = [
      [[none, headless()], 'serviceName is not set, so the pods have no stable DNS names'],
      [[statefulSet()], 'no Service "db-headless" in namespace "shop", so the pods have no stable DNS names'],
      [[statefulSet(), headless({ clusterIP: undefined })], 'the Service "db-headless" is not headless (clusterIP unset: one is allocated, not "None"), so the pods have no DNS names of their own'],
      [[statefulSet(), headless({ clusterIP: '10.0.0.5' })], 'the Service "db-headless" is not headless (clusterIP "10.0.0.5", not "None"), so the pods have no DNS names of their own'],
      [[statefulSet(), headless({ selector: { app: 'other' } })], 'the headless Service "db-headless" does not select the StatefulSet\'s pods (selector {"app":"other"})'],
    ];
    for (const [objects, message] of cases) {
      const found = findingsOf('statefulset-headless-service', objects);
      expect(rulePaths(found)).toEqual([['statefulset-headless-service', 'spec.serviceName']]);
      expect(found[0].message).toBe(message);
    }
  });

  test('a Service of the same name in another namespace does not count', () => {
    const elsewhere = headless();
    elsewhere.metadata!.namespace = 'other';
    expect(findingsOf('statefulset-headless-service', [statefulSet(), elsewhere])[0].message).toContain('no Service "db-headless" in namespace "shop"');
  });
});

describe('statefulset-rolling-update', () => {
  test('RollingUpdate, or no strategy (the API defaults it), passes', () => {
    const unset = statefulSet();
    delete unset.spec.updateStrategy;
    expect(findingsOf('statefulset-rolling-update', [statefulSet(), unset])).toEqual([]);
  });

  test('OnDelete, or another type, is flagged', () => {
    const onDelete = statefulSet();
    onDelete.spec.updateStrategy = { type: 'OnDelete' };
    const other = statefulSet();
    other.metadata!.name = 'db2';
    other.spec.updateStrategy = { type: 'Canary' };
    const found = findingsOf('statefulset-rolling-update', [onDelete, other]);
    expect(rulePaths(found)).toEqual([['statefulset-rolling-update', 'spec.updateStrategy.type'], ['statefulset-rolling-update', 'spec.updateStrategy.type']]);
    expect(found[0].message).toBe('the OnDelete strategy never rolls out a new template: each pod keeps the old one until it is deleted by hand');
    expect(found[1].message).toBe('updateStrategy type is "Canary", not RollingUpdate');
  });
});

describe('daemonset-rolling-update', () => {
  test('maxUnavailable 0 (or 0%) with a surge passes', () => {
    const pct = daemonSet();
    pct.metadata!.name = 'agent2';
    pct.spec.updateStrategy.rollingUpdate = { maxUnavailable: '0%', maxSurge: '10%' };
    expect(findingsOf('daemonset-rolling-update', [daemonSet(), pct])).toEqual([]);
  });

  test('no strategy, a non-zero maxUnavailable, OnDelete', () => {
    const unset = daemonSet();
    delete unset.spec.updateStrategy;
    const one = daemonSet();
    one.spec.updateStrategy.rollingUpdate = { maxUnavailable: 1 };
    const onDelete = daemonSet();
    onDelete.spec.updateStrategy = { type: 'OnDelete' };
    const messages = [unset, one, onDelete].map((d) => {
      const found = findingsOf('daemonset-rolling-update', [d]);
      expect(found).toHaveLength(1);
      return [found[0].path, found[0].message];
    });
    expect(messages).toEqual([
      ['spec.updateStrategy.rollingUpdate.maxUnavailable', 'maxUnavailable is not set, so a rollout stops a node\'s pod (1 node at a time) before its replacement is ready'],
      ['spec.updateStrategy.rollingUpdate.maxUnavailable', 'maxUnavailable is 1, so a rollout stops nodes\' pods before their replacements are ready (set 0, with maxSurge 1 or more)'],
      ['spec.updateStrategy.type', 'the OnDelete strategy never rolls out a new template: each pod keeps the old one until it is deleted by hand'],
    ]);
  });
});

describe('namespace-quota-fit: storage and nodes', () => {
  const pvc: K8sObject = {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'uploads', namespace: NS },
    spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '5Gi' } } },
  };

  test('requests.storage counts replicas × claim sizes and every PersistentVolumeClaim', () => {
    // 3 replicas × 20Gi + 5Gi = 65Gi
    expect(findingsOf('namespace-quota-fit', [statefulSet(), pvc, quota({ 'requests.storage': '65Gi', 'persistentvolumeclaims': '4' })])).toEqual([]);
    const found = findingsOf('namespace-quota-fit', [statefulSet(), pvc, quota({ 'requests.storage': '64Gi', 'persistentvolumeclaims': '3' })]);
    expect(rulePaths(found)).toEqual([['namespace-quota-fit', 'spec.hard["requests.storage"]'], ['namespace-quota-fit', 'spec.hard.persistentvolumeclaims']]);
    expect(found[0].message).toBe('the workloads can claim 65Gi of requests.storage at once, over the hard limit of 64Gi: '
      + 'PersistentVolumeClaim/uploads: 5Gi; StatefulSet/db: 3 pods × 20Gi = 60Gi (3 replicas)');
    expect(found[1].message).toBe('the workloads can claim 4 of persistentvolumeclaims at once, over the hard limit of 3: '
      + 'PersistentVolumeClaim/uploads: 1 claim; StatefulSet/db: 3 pods × 1 claim = 3 (3 replicas)');
  });

  test('per-StorageClass quotas count only that class', () => {
    const key = 'ssd.storageclass.storage.k8s.io/requests.storage';
    expect(findingsOf('namespace-quota-fit', [statefulSet(), pvc, quota({ [key]: '60Gi' })])).toEqual([]);
    const found = findingsOf('namespace-quota-fit', [statefulSet(), pvc, quota({ [key]: '40Gi', 'standard.storageclass.storage.k8s.io/persistentvolumeclaims': '0' })]);
    expect(found.map((f) => f.message)).toEqual([
      `the workloads can claim 60Gi of ${key} at once, over the hard limit of 40Gi: StatefulSet/db: 3 pods × 20Gi = 60Gi (3 replicas)`,
      'the workloads can claim 1 of standard.storageclass.storage.k8s.io/persistentvolumeclaims at once, over the hard limit of 0: PersistentVolumeClaim/uploads: 1 claim',
    ]);
  });

  test('an ephemeral volume claims storage for every pod at once', () => {
    const s = statefulSet();
    delete s.spec.volumeClaimTemplates;
    s.spec.template.spec.volumes = [{ name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } }];
    expect(findingsOf('namespace-quota-fit', [s, quota({ 'requests.storage': '2Gi' })])[0].message).toContain('StatefulSet/db: 3 pods × 1Gi = 3Gi (3 replicas)');
  });

  test('a claim without a size is one the API server refuses under a storage quota', () => {
    const s = statefulSet();
    delete s.spec.volumeClaimTemplates[0].spec.resources;
    const found = findingsOf('namespace-quota-fit', [s, quota({ 'requests.storage': '100Gi' })]);
    expect(found.map((f) => f.message)).toEqual(['the quota limits requests.storage, but StatefulSet/db requests no storage size, so the API server rejects its claims']);
  });

  test('a DaemonSet counts one pod per stated node, plus its surge', () => {
    // 10 nodes + 1 surge = 11 pods × 100m = 1100m
    expect(findingsOf('namespace-quota-fit', [daemonSet(), quota({ 'pods': '11', 'requests.cpu': '1100m' })])).toEqual([]);
    const found = findingsOf('namespace-quota-fit', [daemonSet(), quota({ pods: '10' })]);
    expect(found.map((f) => f.message)).toEqual(['the workloads can claim 11 of pods at once, over the hard limit of 10: '
      + 'DaemonSet/agent: 11 pods (10 nodes (cdk8s-prod.io/node-count) + 1 surge during a rollout)']);
    const pct = daemonSet();
    pct.spec.updateStrategy.rollingUpdate = { maxUnavailable: 0, maxSurge: '25%' };
    expect(findingsOf('namespace-quota-fit', [pct, quota({ pods: '12' })])[0].message).toContain('DaemonSet/agent: 13 pods (10 nodes (cdk8s-prod.io/node-count) + 3 surge during a rollout)');
  });

  test('a DaemonSet without a node count cannot be proved to fit', () => {
    const d = daemonSet();
    delete d.metadata!.annotations;
    const found = findingsOf('namespace-quota-fit', [d, quota({ pods: '1000', services: '10' })]);
    expect(rulePaths(found)).toEqual([['namespace-quota-fit', 'spec.hard.pods']]);
    expect(found[0].message).toBe('the quota limits pods, but what DaemonSet/agent (one pod per node, and no cdk8s-prod.io/node-count annotation says how many nodes) claims cannot be counted, so the fit cannot be proved');
    expect(formatBudget(budgetReport([d, quota({ pods: '1000' })]))).toMatch(/pods\s+0 of 1000\s+0%  UNCOUNTED/);
  });
});
