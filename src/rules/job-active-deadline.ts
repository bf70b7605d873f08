import { deadlinePath, getIn } from '../k8s/manifest';
import { objectRule, example } from '../engine/rule';
import { MAX_JOB_DEADLINE_SECONDS } from '../engine/bounds';

const bounded = (v: string) => `type(${v}) == int && ${v} > 0 && ${v} <= ${MAX_JOB_DEADLINE_SECONDS}`;

export const jobActiveDeadline = objectRule({
  id: 'job-active-deadline',
  pack: 'batch',
  title: 'Jobs have a deadline of at most 7 days',
  severity: 'error',
  pattern: 9,
  description: 'A Job without activeDeadlineSeconds that keeps failing keeps making pods (the workshop counted 24 failed pods and rising); a deadline of months bounds nothing either.',
  scope: 'Job, the job template of CronJob, and the batch custom resources (Argo Workflows, KEDA ScaledJob, OpenKruise BroadcastJob and AdvancedCronJob)',
  remediation: `Set activeDeadlineSeconds (spec.activeDeadlineSeconds of a Job, spec.jobTemplate.spec of a CronJob) to a positive number of seconds, at most ${MAX_JOB_DEADLINE_SECONDS} (7 days); BoundedJob requires it.`,
  suppressible: false,
  examples: {
    violating: [example`
      apiVersion: batch/v1
      kind: Job
      metadata: { name: reindex, namespace: shop }
      spec:
        backoffLimit: 3
        # no activeDeadlineSeconds: nothing stops a Job that keeps failing
        template:
          spec:
            restartPolicy: Never
            containers:
              - name: reindex
                image: registry.example.com/shop/search-indexer:3.2.0
    `, example`
      apiVersion: batch/v1
      kind: CronJob
      metadata: { name: nightly-report, namespace: shop }
      spec:
        schedule: "0 3 * * *"
        jobTemplate:
          spec:
            activeDeadlineSeconds: 2592000   # 30 days
            template:
              spec:
                restartPolicy: Never
                containers:
                  - name: report
                    image: registry.example.com/shop/report:2.0.1
    `],
    compliant: [example`
      apiVersion: batch/v1
      kind: Job
      metadata: { name: reindex, namespace: shop }
      spec:
        backoffLimit: 3
        activeDeadlineSeconds: 3600
        template:
          spec:
            restartPolicy: Never
            containers:
              - name: reindex
                image: registry.example.com/shop/search-indexer:3.2.0
    `],
  },
  admission: {
    kinds: ['Job', 'CronJob'],
    expression: [
      "object.kind == 'Job'",
      `? (has(object.spec) && has(object.spec.activeDeadlineSeconds) && ${bounded('object.spec.activeDeadlineSeconds')})`,
      `: (has(object.spec) && has(object.spec.jobTemplate) && has(object.spec.jobTemplate.spec) && has(object.spec.jobTemplate.spec.activeDeadlineSeconds) && ${bounded('object.spec.jobTemplate.spec.activeDeadlineSeconds')})`,
    ].join(' '),
  },
  check: (obj) => {
    const path = deadlinePath(obj);
    if (!path) return [];
    const v = getIn(obj, path);
    if (v === undefined || v === null) return [{ path, message: 'the Job has no deadline, so a failing Job can retry for ever' }];
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) return [{ path, message: `activeDeadlineSeconds is ${JSON.stringify(v)}, not a positive whole number of seconds` }];
    if (v > MAX_JOB_DEADLINE_SECONDS) return [{ path, message: `activeDeadlineSeconds is ${v} (${Math.round(v / 86400)} days), more than 7 days: that bounds nothing` }];
    return [];
  },
});
