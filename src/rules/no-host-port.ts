import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { isRecord } from '../k8s/manifest';
import { containerRule, describeContainer, example } from '../engine/rule';

export const noHostPort = containerRule({
  id: 'no-host-port',
  pack: 'pod-security',
  title: 'No host ports',
  severity: 'error',
  pattern: null,
  description: 'A hostPort binds the port on the node itself: it bypasses the Service, exposes the pod outside NetworkPolicies, and lets only one such pod run per node.',
  equivalents: { polaris: ['hostPortSet'], kyverno: ['disallow-host-ports'], pss: ['baseline:host-ports'] },
  remediation: 'Remove hostPort from the container ports and expose the containerPort through a Service (type LoadBalancer or an Ingress when it must be reachable from outside).',
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
                ports: [{ containerPort: 8080, hostPort: 8080 }]
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
                ports: [{ containerPort: 8080 }]
      ---
      apiVersion: v1
      kind: Service
      metadata: { name: web, namespace: shop }
      spec:
        selector: { app: web }
        ports: [{ port: 80, targetPort: 8080 }]
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: 'variables.containers.all(c, !has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0))',
  },
  check: (c) => {
    const ports = c.container.ports;
    if (!Array.isArray(ports)) return [];
    return ports.flatMap((p, i) => {
      // 0 and unset both mean "no host port".
      if (!isRecord(p) || p.hostPort === undefined || p.hostPort === null || p.hostPort === 0) return [];
      return [{
        path: [...c.path, 'ports', i, 'hostPort'],
        message: `${describeContainer(c)} binds host port ${JSON.stringify(p.hostPort)}`,
      }];
    });
  },
});
