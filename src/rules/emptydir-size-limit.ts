import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { isRecord, parseQuantity } from '../k8s/manifest';
import { celQuantity } from './_resources';
import { Violation, podRule, example } from '../engine/rule';

export const emptydirSizeLimit = podRule({
  id: 'emptydir-size-limit',
  pack: 'resources',
  title: 'emptyDir volumes have a sizeLimit',
  severity: 'error',
  pattern: 6,
  description: 'An emptyDir without a sizeLimit can grow until the node\'s disk (or, with medium: Memory, its memory) is full, evicting every pod on the node rather than just the one that wrote it.',
  remediation: 'Give every emptyDir a sizeLimit sized for what the process writes (e.g. emptyDir: {sizeLimit: 64Mi} at /tmp); the cdk8s-prod constructs add /tmp this way.',
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
            volumes:
              - { name: tmp, emptyDir: {} }
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                volumeMounts: [{ name: tmp, mountPath: /tmp }]
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
            volumes:
              - { name: tmp, emptyDir: { sizeLimit: 64Mi } }
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                volumeMounts: [{ name: tmp, mountPath: /tmp }]
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: `!has(variables.podSpec.volumes) || variables.podSpec.volumes.all(v, !has(v.emptyDir) || (has(v.emptyDir.sizeLimit) && ${celQuantity('v.emptyDir.sizeLimit')} > 0.0))`,
  },
  check: (pod) => {
    const volumes = pod.spec.volumes;
    if (!Array.isArray(volumes)) return [];
    const out: Violation[] = [];
    volumes.forEach((v, i) => {
      if (!isRecord(v) || !('emptyDir' in v) || v.emptyDir === undefined) return;
      const path = [...pod.specPath, 'volumes', i, 'emptyDir', 'sizeLimit'];
      const limit = isRecord(v.emptyDir) ? v.emptyDir.sizeLimit : undefined;
      if (limit === undefined || limit === null) {
        out.push({ path, message: `emptyDir volume ${JSON.stringify(v.name)} has no sizeLimit` });
        return;
      }
      const bytes = parseQuantity(limit);
      if (bytes === undefined || bytes <= 0) {
        out.push({ path, message: `emptyDir volume ${JSON.stringify(v.name)} has sizeLimit ${JSON.stringify(limit)}, not a positive quantity` });
      }
    });
    return out;
  },
});
