import { probePortRule } from './_probe-port';
import { example } from '../engine/rule';

export const readinessPort = probePortRule({
  id: 'readiness-port',
  probe: 'readinessProbe',
  title: 'Readiness probe targets a declared port',
  pattern: 8,
  consequence: 'the pod never becomes ready, gets no traffic, and a rolling update stalls',
  kubeLinter: 'readiness-port',
  examples: {
    violating: [example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                ports: [{ name: http, containerPort: 8080 }]
                livenessProbe: { httpGet: { path: /healthz, port: http } }
                # "web" is not a port of this container
                readinessProbe: { httpGet: { path: /ready, port: web } }
    `],
    compliant: [example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                ports: [{ name: http, containerPort: 8080 }]
                livenessProbe: { httpGet: { path: /healthz, port: http } }
                readinessProbe: { httpGet: { path: /ready, port: http } }
    `],
  },
});
