import { getIn, isRecord } from '../k8s/manifest';
import { isUnset, isWholeNumber } from './_values';
import { objectRule, example } from '../engine/rule';

export const jobTtlSecondsAfterFinished = objectRule({
  id: 'job-ttl-seconds-after-finished',
  pack: 'batch',
  title: 'Standalone Jobs are cleaned up after they finish',
  severity: 'error',
  pattern: 9,
  description: 'A finished Job and its pods stay in the cluster until someone deletes them; ttlSecondsAfterFinished lets the TTL controller remove them.',
  kinds: ['Job'],
  scope: 'Job (not those a CronJob owns: its history limits clean them up)',
  equivalents: { kubeLinter: ['job-ttl-seconds-after-finished'] },
  remediation: 'Set spec.ttlSecondsAfterFinished to a positive number of seconds (e.g. 86400, long enough to read the logs); BoundedJob sets it.',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: batch/v1
      kind: Job
      metadata: { name: reindex, namespace: shop }
      spec:
        activeDeadlineSeconds: 3600
        # no ttlSecondsAfterFinished: the finished Job and its pods stay
        template:
          spec:
            restartPolicy: Never
            containers:
              - name: reindex
                image: registry.example.com/shop/search-indexer:3.2.0
    `],
    compliant: [example`
      apiVersion: batch/v1
      kind: Job
      metadata: { name: reindex, namespace: shop }
      spec:
        activeDeadlineSeconds: 3600
        ttlSecondsAfterFinished: 86400   # a day to read the logs
        template:
          spec:
            restartPolicy: Never
            containers:
              - name: reindex
                image: registry.example.com/shop/search-indexer:3.2.0
    `],
  },
  admission: {
    kinds: ['Job'],
    expression: "(has(object.metadata.ownerReferences) && object.metadata.ownerReferences.exists(o, has(o.kind) && o.kind == 'CronJob'))"
      + ' || (has(object.spec) && has(object.spec.ttlSecondsAfterFinished) && type(object.spec.ttlSecondsAfterFinished) == int && object.spec.ttlSecondsAfterFinished > 0)',
  },
  check: (obj) => {
    // A Job created by a CronJob (e.g. exported from a cluster) is cleaned up by the CronJob's history limits.
    const owners = getIn(obj, ['metadata', 'ownerReferences']);
    if (Array.isArray(owners) && owners.some((o) => isRecord(o) && o.kind === 'CronJob')) return [];
    const path = ['spec', 'ttlSecondsAfterFinished'];
    const v = getIn(obj, path);
    if (isUnset(v)) return [{ path, message: 'the Job sets no ttlSecondsAfterFinished, so it and its pods stay after it finishes' }];
    if (!isWholeNumber(v) || v <= 0) return [{ path, message: `ttlSecondsAfterFinished is ${JSON.stringify(v)}, not a positive whole number of seconds` }];
    return [];
  },
});
