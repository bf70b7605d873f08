import { celJobSpecField } from './_batch';
import { getIn, jobSpecPath } from '../k8s/manifest';
import { isUnset, isWholeNumber } from './_values';
import { objectRule, example } from '../engine/rule';
import { MAX_JOB_BACKOFF_LIMIT } from '../engine/bounds';

export const jobBackoffLimit = objectRule({
  id: 'job-backoff-limit',
  pack: 'batch',
  title: 'Jobs set an explicit, small backoffLimit',
  severity: 'error',
  pattern: 9,
  description: 'An unset backoffLimit silently means 6 retries, and a large one keeps a quickly failing Job making pods; the retry budget should be a deliberate, small number.',
  scope: 'Job, the job template of CronJob, and the JobSpec of a KEDA ScaledJob',
  remediation: `Set spec.backoffLimit (spec.jobTemplate.spec.backoffLimit on a CronJob) to a whole number from 0 to ${MAX_JOB_BACKOFF_LIMIT}, e.g. 3; BoundedJob and BoundedCronJob require it.`,
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: batch/v1
      kind: Job
      metadata: { name: reindex, namespace: shop }
      spec:
        activeDeadlineSeconds: 3600
        # no backoffLimit: 6 retries by default
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
            backoffLimit: 100
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
        activeDeadlineSeconds: 3600
        backoffLimit: 3
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
    expression: celJobSpecField('backoffLimit', `type(v) == int && v >= 0 && v <= ${MAX_JOB_BACKOFF_LIMIT}`, 'false'),
    note: 'a Job without backoffLimit arrives with the default 6, within the bound: the gate cannot tell it was left unset (check flags it); a CronJob\'s job template is not defaulted, so there the gate refuses it as check does',
  },
  check: (obj) => {
    const spec = jobSpecPath(obj);
    if (!spec) return [];
    const path = [...spec, 'backoffLimit'];
    const v = getIn(obj, path);
    if (isUnset(v)) return [{ path, message: 'backoffLimit is not set, so the Job silently retries up to 6 times' }];
    if (!isWholeNumber(v) || v < 0) return [{ path, message: `backoffLimit is ${JSON.stringify(v)}, not a whole number of retries` }];
    if (v > MAX_JOB_BACKOFF_LIMIT) return [{ path, message: `backoffLimit is ${v}, more than ${MAX_JOB_BACKOFF_LIMIT} retries of a failing Job` }];
    return [];
  },
});
