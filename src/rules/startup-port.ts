import { probePortRule } from './_probe-port';
import { example } from '../engine/rule';

export const startupPort = probePortRule({
  id: 'startup-port',
  probe: 'startupProbe',
  title: 'Startup probe targets a declared port',
  pattern: 8,
  consequence: 'the container never counts as started and is killed once failureThreshold runs out',
  kubeLinter: 'startup-port',
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
                # the admin port 9090 is not declared
                startupProbe: { tcpSocket: { port: 9090 }, failureThreshold: 30, periodSeconds: 10 }
                livenessProbe: { httpGet: { path: /healthz, port: http } }
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
                ports: [{ name: http, containerPort: 8080 }, { name: admin, containerPort: 9090 }]
                startupProbe: { tcpSocket: { port: admin }, failureThreshold: 30, periodSeconds: 10 }
                livenessProbe: { httpGet: { path: /healthz, port: http } }
                readinessProbe: { httpGet: { path: /ready, port: http } }
    `],
  },
});
