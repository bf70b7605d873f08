import { getIn, isRecord, mapSelectorMatches, namespaceOf } from '../k8s/manifest';
import { Violation, objectRule, example } from '../engine/rule';
import { PROXIED_PORT_ANNOTATION } from '../k8s/annotations';

/** The pod template annotation ProductionDeployment writes: which app port its proxy sidecar fronts. */

export const serviceBypassesProxy = objectRule({
  id: 'service-bypasses-proxy',
  pack: 'network',
  title: 'Services route through the proxy sidecar',
  severity: 'error',
  pattern: 12,
  description: 'A circuit breaker or rate limiter in the pod protects nothing when the Service sends traffic straight to the app\'s port: callers wait on a slow app again and no limit applies.',
  kinds: ['Service'],
  scope: `Services whose selector matches pods that carry the ${PROXIED_PORT_ANNOTATION} annotation (the fronted port's name)`,
  remediation: 'Point the Service port at the proxy\'s port (targetPort: proxy) instead of the app\'s; ProductionDeployment with circuitBreaker or rateLimit does this.',
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
          metadata:
            labels: { app: web }
            annotations: { cdk8s-prod.io/proxied-port: http } # the proxy fronts the app's port "http"
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                ports: [{ name: http, containerPort: 8080 }]
              - name: proxy
                image: registry.example.com/shop/envoy:1.30.1
                ports: [{ name: proxy, containerPort: 8081 }]
      ---
      apiVersion: v1
      kind: Service
      metadata: { name: web, namespace: shop }
      spec:
        selector: { app: web }
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
          metadata:
            labels: { app: web }
            annotations: { cdk8s-prod.io/proxied-port: http }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                ports: [{ name: http, containerPort: 8080 }]
              - name: proxy
                image: registry.example.com/shop/envoy:1.30.1
                ports: [{ name: proxy, containerPort: 8081 }]
      ---
      apiVersion: v1
      kind: Service
      metadata: { name: web, namespace: shop }
      spec:
        selector: { app: web }
        ports: [{ name: http, port: 80, targetPort: proxy }]
    `],
  },
  admission: {
    gate: 'synth-and-ci',
    reason: 'whether a Service reaches its pods around their proxy takes the pods it selects: other objects than the Service',
  },
  check: (svc, { index }) => {
    const selector = getIn(svc, ['spec', 'selector']);
    const ports = getIn(svc, ['spec', 'ports']);
    if (!isRecord(selector) || !Array.isArray(ports)) return [];
    const out: Violation[] = [];
    // Candidates by the selector's labels (a subset of the namespace's workloads, in order), not every workload.
    for (const { object, pod } of index.workloadCandidates(namespaceOf(svc), selector)) {
      if (!mapSelectorMatches(selector, pod.labels)) continue;
      const fronted = getIn(object, [...pod.metadataPath, 'annotations', PROXIED_PORT_ANNOTATION]);
      if (typeof fronted !== 'string') continue;
      // The fronted port by name, or by the number the app container declares for it.
      const numbers = new Set<number>();
      for (const c of Array.isArray(pod.spec.containers) ? pod.spec.containers : []) {
        for (const p of Array.isArray(c?.ports) ? c.ports : []) if (p?.name === fronted && typeof p.containerPort === 'number') numbers.add(p.containerPort);
      }
      ports.forEach((p, i) => {
        const target = isRecord(p) ? (p.targetPort ?? p.port) : undefined;
        if (target === fronted || (typeof target === 'number' && numbers.has(target))) {
          out.push({ path: ['spec', 'ports', i, 'targetPort'], message: `port ${JSON.stringify(isRecord(p) ? p.name ?? p.port : i)} sends traffic to the app's port ${JSON.stringify(fronted)} of ${object.kind}/${object.metadata?.name}, past its proxy sidecar` });
        }
      });
    }
    return out;
  },
});
