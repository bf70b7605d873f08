import { POD_TEMPLATE_KINDS, celStringList } from '../engine/cel';
import { isRecord } from '../k8s/manifest';
import { Violation, containerRule, describeContainer, example } from '../engine/rule';

const LOG_SEGMENTS = new Set(['log', 'logs']);

export const noLogVolume = containerRule({
  id: 'no-log-volume',
  pack: 'runtime',
  title: 'Logs go to stdout, not to a log volume',
  severity: 'error',
  pattern: 5,
  description: 'Logs written to files in a volume are invisible to `kubectl logs` and the cluster\'s log collection, are not rotated, and fill the volume; the platform collects and rotates stdout and stderr.',
  remediation: 'Remove the log volume and configure the process to log to stdout/stderr (e.g. a logging config with a console appender, or a symlink from the log file to /dev/stdout); with a read-only root filesystem file logging then fails loudly.',
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
            volumes: [{ name: logs, emptyDir: { sizeLimit: 1Gi } }]
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                volumeMounts: [{ name: logs, mountPath: /var/log/web }]   # the app writes its log files here
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
                env: [{ name: LOG_TARGET, value: stdout }]   # logs to stdout, collected by the platform
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: `variables.containers.all(c, !has(c.volumeMounts) || c.volumeMounts.all(m, (has(m.readOnly) && m.readOnly == true) || !m.mountPath.lowerAscii().split('/').exists(seg, seg in ${celStringList([...LOG_SEGMENTS])})))`,
  },
  check: (c) => {
    const mounts = c.container.volumeMounts;
    if (!Array.isArray(mounts)) return [];
    const out: Violation[] = [];
    mounts.forEach((m, i) => {
      if (!isRecord(m) || typeof m.mountPath !== 'string') return;
      // A read-only mount is read (a log shipper tailing the node's logs), never written to.
      if (m.readOnly === true) return;
      if (!m.mountPath.split('/').some((seg: string) => LOG_SEGMENTS.has(seg.replace(/[A-Z]/g, (ch) => ch.toLowerCase())))) return;
      out.push({
        path: [...c.path, 'volumeMounts', i, 'mountPath'],
        message: `${describeContainer(c)} mounts volume ${JSON.stringify(m.name)} at ${JSON.stringify(m.mountPath)}, a log directory`,
      });
    });
    return out;
  },
});
