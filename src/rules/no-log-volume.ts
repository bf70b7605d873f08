import { isRecord } from '../k8s/manifest';
import { Violation, containerRule, describeContainer } from '../engine/rule';

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
  check: (c) => {
    const mounts = c.container.volumeMounts;
    if (!Array.isArray(mounts)) return [];
    const out: Violation[] = [];
    mounts.forEach((m, i) => {
      if (!isRecord(m) || typeof m.mountPath !== 'string') return;
      // A read-only mount is read (a log shipper tailing the node's logs), never written to.
      if (m.readOnly === true) return;
      if (!m.mountPath.split('/').some((seg: string) => LOG_SEGMENTS.has(seg.toLowerCase()))) return;
      out.push({
        path: [...c.path, 'volumeMounts', i, 'mountPath'],
        message: `${describeContainer(c)} mounts volume ${JSON.stringify(m.name)} at ${JSON.stringify(m.mountPath)}, a log directory`,
      });
    });
    return out;
  },
});
