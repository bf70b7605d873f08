import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { isRecord } from '../k8s/manifest';
import { podRule, example } from '../engine/rule';

export const noHostPath = podRule({
  id: 'no-host-path',
  pack: 'pod-security',
  title: 'No hostPath volumes',
  severity: 'error',
  pattern: null,
  description: 'A hostPath volume exposes the node\'s filesystem to the pod, ties the pod to one node\'s files and is a common escape route (container runtime sockets, /etc, /proc).',
  equivalents: {
    kubeLinter: ['sensitive-host-mounts'],
    polaris: ['hostPathSet'],
    kyverno: ['disallow-host-path'],
    pss: ['baseline:hostpath-volumes', 'restricted:volume-types'],
  },
  remediation: 'Replace the hostPath volume with an emptyDir (with a sizeLimit) for scratch space, a PersistentVolumeClaim for data, or a ConfigMap/Secret for configuration.',
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
              - name: cache
                hostPath: { path: /var/cache/web, type: DirectoryOrCreate }
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                volumeMounts: [{ name: cache, mountPath: /cache }]
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
              - name: cache
                emptyDir: { sizeLimit: 1Gi }
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                volumeMounts: [{ name: cache, mountPath: /cache }]
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: '!has(variables.podSpec.volumes) || variables.podSpec.volumes.all(v, !has(v.hostPath))',
  },
  check: (pod) => {
    const volumes = pod.spec.volumes;
    if (!Array.isArray(volumes)) return [];
    return volumes.flatMap((v, i) => {
      if (!isRecord(v) || v.hostPath === undefined || v.hostPath === null) return [];
      const hostPath = isRecord(v.hostPath) ? v.hostPath.path : v.hostPath;
      return [{
        path: [...pod.specPath, 'volumes', i, 'hostPath'],
        message: `volume ${JSON.stringify(v.name ?? `#${i}`)} mounts the node's path ${JSON.stringify(hostPath)}`,
      }];
    });
  },
});
