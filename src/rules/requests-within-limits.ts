import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { celDouble, celQuantity, quantityField } from './_resources';
import { Violation, containerRule, describeContainer, example } from '../engine/rule';

export const requestsWithinLimits = containerRule({
  id: 'requests-within-limits',
  pack: 'resources',
  title: 'Requests do not exceed limits',
  severity: 'error',
  pattern: 10,
  description: 'A request above its limit is rejected by the API server, so the manifest cannot be applied as written.',
  workloads: 'all',
  containers: 'all',
  scope: 'containers and init containers in pod templates of every workload, where both the request and the limit of cpu or memory are valid quantities',
  remediation: 'Lower the request or raise the limit so that requests.cpu ≤ limits.cpu and requests.memory ≤ limits.memory.',
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
                resources:
                  requests: { cpu: 100m, memory: 512Mi }
                  limits: { cpu: 500m, memory: 256Mi }
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
                resources:
                  requests: { cpu: 100m, memory: 256Mi }
                  limits: { cpu: 500m, memory: 512Mi }
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: `variables.containers.all(c, !has(c.resources) || ${['cpu', 'memory'].map((r) => {
      const request = `c.resources.requests.${r}`;
      const limit = `c.resources.limits.${r}`;
      return `!(has(c.resources.requests) && has(${request}) && has(c.resources.limits) && has(${limit})) || ${celQuantity(request)} <= ${celQuantity(limit)} * ${celDouble(1 + 1e-9)}`;
    }).map((x) => `(${x})`).join(' && ')})`,
  },
  check: (c) => {
    const out: Violation[] = [];
    for (const resource of ['cpu', 'memory'] as const) {
      const request = quantityField(c, 'requests', resource);
      const limit = quantityField(c, 'limits', resource);
      if (request.value === undefined || limit.value === undefined) continue;
      // A relative margin, so that "0.3" and "300m" compare equal despite floating point.
      if (request.value <= limit.value * (1 + 1e-9)) continue;
      out.push({
        path: request.path,
        message: `${describeContainer(c)} has ${request.noun} ${JSON.stringify(request.raw)} above its ${limit.noun} ${JSON.stringify(limit.raw)}`,
      });
    }
    return out;
  },
});
