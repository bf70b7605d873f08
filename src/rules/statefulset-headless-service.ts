import { getIn, isRecord, mapSelectorMatches, nameOf, namespaceOf } from '../k8s/manifest';
import { objectRule, example } from '../engine/rule';

export const statefulsetHeadlessService = objectRule({
  id: 'statefulset-headless-service',
  pack: 'network',
  title: 'A StatefulSet\'s serviceName is a headless Service that selects its pods',
  severity: 'error',
  pattern: null,
  description: 'A StatefulSet\'s pods get their stable DNS names (`db-0.db-headless.shop.svc`) from the headless Service its serviceName names. Without that Service, or with one that has a cluster IP or selects other pods, peers cannot find each other by name and the identity the StatefulSet exists for is gone.',
  kinds: ['StatefulSet'],
  scope: 'StatefulSets, against the Services of their namespace',
  remediation: 'Set spec.serviceName to a Service in the same namespace with clusterIP: None whose selector matches the pod template labels; ProductionStatefulSet creates it (`<name>-headless`).',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: { name: db, namespace: shop }
      spec:
        serviceName: db # a ClusterIP Service: no per-pod DNS names
        replicas: 3
        selector: { matchLabels: { app: db } }
        template:
          metadata: { labels: { app: db } }
          spec:
            containers:
              - name: db
                image: registry.example.com/shop/db:16.4
      ---
      apiVersion: v1
      kind: Service
      metadata: { name: db, namespace: shop }
      spec:
        selector: { app: db }
        ports: [{ name: pg, port: 5432, targetPort: pg }]
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
      ---
      apiVersion: v1
      kind: Service
      metadata: { name: db-headless, namespace: shop }
      spec:
        clusterIP: None
        selector: { app: db }
        ports: [{ name: pg, port: 5432, targetPort: pg }]
    `],
  },
  admission: {
    gate: 'synth-and-ci',
    reason: 'the headless Service is another object than the StatefulSet admitted, and may be created after it',
  },
  check: (obj, { index }) => {
    const path = ['spec', 'serviceName'];
    const name = getIn(obj, path);
    if (typeof name !== 'string' || name === '') return [{ path, message: 'serviceName is not set, so the pods have no stable DNS names' }];
    const ns = namespaceOf(obj);
    const service = index.ofKind(ns, 'Service').find((s) => nameOf(s) === name);
    if (!service) return [{ path, message: `no Service "${name}" in namespace ${JSON.stringify(ns)}, so the pods have no stable DNS names` }];
    const clusterIP = getIn(service, ['spec', 'clusterIP']);
    if (clusterIP !== 'None') {
      return [{ path, message: `the Service "${name}" is not headless (clusterIP ${clusterIP === undefined ? 'unset: one is allocated' : JSON.stringify(clusterIP)}, not "None"), so the pods have no DNS names of their own` }];
    }
    const selector = getIn(service, ['spec', 'selector']);
    const labels = getIn(obj, ['spec', 'template', 'metadata', 'labels']);
    const podLabels = isRecord(labels) ? labels as Record<string, string> : {};
    if (!isRecord(selector) || Object.keys(selector).length === 0 || !mapSelectorMatches(selector, podLabels)) {
      return [{ path, message: `the headless Service "${name}" does not select the StatefulSet's pods (selector ${JSON.stringify(selector ?? null)})` }];
    }
    return [];
  },
});
