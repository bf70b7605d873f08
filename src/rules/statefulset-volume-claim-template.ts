import { getIn, isRecord, parseQuantity } from '../k8s/manifest';
import { objectRule, example } from '../engine/rule';
import { celQuantity } from './_resources';

export const statefulsetVolumeClaimTemplate = objectRule({
  id: 'statefulset-volume-claim-template',
  pack: 'resources',
  title: 'Each volumeClaimTemplate states its size and StorageClass',
  severity: 'error',
  pattern: 10,
  description: 'A claim without a storage request cannot be provisioned or counted against the namespace\'s storage quota; a claim without a storageClassName gets whatever class is the cluster\'s default, which may not exist, may differ from one cluster to the next, or may delete the data with the claim.',
  kinds: ['StatefulSet'],
  scope: 'spec.volumeClaimTemplates of StatefulSets',
  remediation: 'Give every volumeClaimTemplate spec.resources.requests.storage (e.g. 20Gi) and spec.storageClassName naming a class of the cluster; ProductionStatefulSet requires both (volumeClaims[].size and storageClass).',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: { name: db, namespace: shop }
      spec:
        serviceName: db-headless
        replicas: 3
        selector: { matchLabels: { app: db } }
        template:
          metadata: { labels: { app: db } }
          spec:
            containers:
              - name: db
                image: registry.example.com/shop/db:16.4
                volumeMounts: [{ name: data, mountPath: /var/lib/db }]
        volumeClaimTemplates:
          - metadata: { name: data }
            spec:
              accessModes: [ReadWriteOnce] # no storageClassName: the cluster's default class, if any
              resources: { requests: { storage: 20Gi } }
    `],
    compliant: [example`
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: { name: db, namespace: shop }
      spec:
        serviceName: db-headless
        replicas: 3
        selector: { matchLabels: { app: db } }
        template:
          metadata: { labels: { app: db } }
          spec:
            containers:
              - name: db
                image: registry.example.com/shop/db:16.4
                volumeMounts: [{ name: data, mountPath: /var/lib/db }]
        volumeClaimTemplates:
          - metadata: { name: data }
            spec:
              accessModes: [ReadWriteOnce]
              storageClassName: ssd
              resources: { requests: { storage: 20Gi } }
    `],
  },
  admission: {
    kinds: ['StatefulSet'],
    expression: '!has(object.spec) || !has(object.spec.volumeClaimTemplates) || object.spec.volumeClaimTemplates.all(t, has(t.spec)'
      + " && has(t.spec.storageClassName) && t.spec.storageClassName != ''"
      + ` && has(t.spec.resources) && has(t.spec.resources.requests) && has(t.spec.resources.requests.storage) && ${celQuantity('t.spec.resources.requests.storage')} > 0.0)`,
  },
  check: (obj) => {
    const templates = getIn(obj, ['spec', 'volumeClaimTemplates']);
    if (!Array.isArray(templates)) return [];
    const out = [];
    for (const [i, t] of templates.entries()) {
      const at = ['spec', 'volumeClaimTemplates', i];
      const name = JSON.stringify(getIn(t, ['metadata', 'name']) ?? `#${i}`);
      const spec = isRecord(t) ? t.spec : undefined;
      const cls = getIn(spec, ['storageClassName']);
      if (typeof cls !== 'string' || cls === '') {
        out.push({ path: [...at, 'spec', 'storageClassName'], message: `the claim ${name} names no StorageClass, so it gets the cluster's default class, if there is one` });
      }
      const storage = getIn(spec, ['resources', 'requests', 'storage']);
      const bytes = parseQuantity(storage);
      if (bytes === undefined || !(bytes > 0)) {
        out.push({
          path: [...at, 'spec', 'resources', 'requests', 'storage'],
          message: storage === undefined || storage === null
            ? `the claim ${name} requests no storage size, so it cannot be provisioned or counted against the quota`
            : `the claim ${name} requests ${JSON.stringify(storage)} of storage, not a size above zero`,
        });
      }
    }
    return out;
  },
});
