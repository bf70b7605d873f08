import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { getIn, isRecord } from '../k8s/manifest';
import { ProbeField, probeOf } from './_probes';
import { Violation, containerRule, describeContainer, example } from '../engine/rule';

const PROBES: readonly ProbeField[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];
// grpc.port must be a number in the API, so only these two can name their port.
const NAMEABLE = ['httpGet', 'tcpSocket'] as const;

export const probePortNamed = containerRule({
  id: 'probe-port-named',
  pack: 'probes',
  title: 'Probes use named ports',
  severity: 'warning',
  pattern: 4,
  description: 'A probe that names its port follows the port when its number changes; a number silently goes stale and the probe then checks nothing, or the wrong thing.',
  workloads: 'all',
  containers: 'long-lived',
  scope: 'httpGet and tcpSocket probes (liveness, readiness, startup) of containers and sidecars in every workload; grpc probes are exempt (the API requires a number)',
  remediation: 'Name the port in ports[] (e.g. { name: http, containerPort: 8080 }) and refer to it by name in the probe (port: http).',
  suppressible: true,
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
                ports: [{ containerPort: 8080 }]
                livenessProbe: { httpGet: { path: /healthz, port: 8080 } }
                readinessProbe: { httpGet: { path: /ready, port: 8080 } }
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
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: `variables.longLivedContainers.all(c, ${PROBES.map((p) => `!(has(c.${p}) && (${NAMEABLE.map((h) => `(has(c.${p}.${h}) && has(c.${p}.${h}.port) && type(c.${p}.${h}.port) == int)`).join(' || ')}))`).join(' && ')})`,
  },
  check: (c) => {
    const out: Violation[] = [];
    for (const field of PROBES) {
      const probe = probeOf(c, field);
      if (!isRecord(probe)) continue;
      const handler = NAMEABLE.find((h) => typeof getIn(probe, [h, 'port']) === 'number');
      if (handler === undefined) continue;
      out.push({
        path: [...c.path, field, handler, 'port'],
        message: `the ${field} of ${describeContainer(c)} refers to port ${JSON.stringify(probe[handler].port)} by number, not by name`,
      });
    }
    return out;
  },
});
