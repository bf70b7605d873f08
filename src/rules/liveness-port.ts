import { probePortRule } from './_probe-port';
import { example } from '../engine/rule';

export const livenessPort = probePortRule({
  id: 'liveness-port',
  probe: 'livenessProbe',
  title: 'Liveness probe targets a declared port',
  pattern: 4,
  consequence: 'the kubelet restarts the container over and over',
  kubeLinter: 'liveness-port',
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
                # nothing listens on 8081: every check fails
                livenessProbe: { httpGet: { path: /healthz, port: 8081 } }
                readinessProbe: { httpGet: { path: /ready, port: http } }
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
