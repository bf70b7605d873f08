import { getIn, isRecord, mapSelectorMatches, namespaceOf } from '../k8s/manifest';
import { objectRule, example } from '../engine/rule';

export const serviceSelectorMatches = objectRule({
  id: 'service-selector-matches',
  pack: 'network',
  title: 'A Service selects the pods of a workload',
  severity: 'error',
  pattern: null,
  description: 'A Service whose selector matches no pod template has no endpoints: every request to it fails, usually because of a typo in a label.',
  kinds: ['Service'],
  scope: 'Services with a selector (not ExternalName), against the workloads of their namespace',
  equivalents: { kubeLinter: ['dangling-service'] },
  remediation: 'Make spec.selector equal to (a subset of) the pod template labels of the workload the Service fronts; ProductionDeployment creates its Service from its own labels.',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        replicas: 3
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                ports: [{ name: http, containerPort: 8080 }]
      ---
      apiVersion: v1
      kind: Service
      metadata: { name: web, namespace: shop }
      spec:
        selector: { app: web-frontend } # no pod has this label
        ports: [{ name: http, port: 80, targetPort: http }]
    `],
    compliant: [example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        replicas: 3
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                ports: [{ name: http, containerPort: 8080 }]
      ---
      apiVersion: v1
      kind: Service
      metadata: { name: web, namespace: shop }
      spec:
        selector: { app: web }
        ports: [{ name: http, port: 80, targetPort: http }]
    `],
  },
  admission: {
    gate: 'synth-and-ci',
    reason: 'whether a Service selects any pod takes the workloads of its namespace: other objects than the Service',
  },
  check: (obj, { index }) => {
    if (getIn(obj, ['spec', 'type']) === 'ExternalName') return [];
    const selector = getIn(obj, ['spec', 'selector']);
    if (!isRecord(selector) || Object.keys(selector).length === 0) return [];
    const ns = namespaceOf(obj);
    if (index.workloadCandidates(ns, selector).some((w) => mapSelectorMatches(selector, w.pod.labels))) return [];
    return [{
      path: ['spec', 'selector'],
      message: `no workload in namespace ${JSON.stringify(ns)} has pods labelled ${JSON.stringify(selector)}`,
    }];
  },
});
