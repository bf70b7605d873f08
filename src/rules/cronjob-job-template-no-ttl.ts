import { getIn } from '../k8s/manifest';
import { isUnset } from './_values';
import { objectRule, example } from '../engine/rule';

export const cronjobJobTemplateNoTtl = objectRule({
  id: 'cronjob-job-template-no-ttl',
  pack: 'batch',
  title: 'CronJob job templates set no TTL',
  severity: 'error',
  pattern: 9,
  description: 'A CronJob keeps its finished Jobs by its history limits; a ttlSecondsAfterFinished in the job template deletes them behind its back and races those limits, so failed runs vanish before anyone sees them.',
  kinds: ['CronJob'],
  scope: 'the job template of CronJob',
  equivalents: { kubeLinter: ['job-ttl-seconds-after-finished'] },
  remediation: 'Remove spec.jobTemplate.spec.ttlSecondsAfterFinished and bound the kept Jobs with spec.successfulJobsHistoryLimit and spec.failedJobsHistoryLimit (BoundedCronJob does).',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: batch/v1
      kind: CronJob
      metadata: { name: nightly-report, namespace: shop }
      spec:
        schedule: "0 3 * * *"
        successfulJobsHistoryLimit: 3
        failedJobsHistoryLimit: 3
        jobTemplate:
          spec:
            ttlSecondsAfterFinished: 3600   # deletes failed runs behind the history limits
            template:
              spec:
                restartPolicy: Never
                containers:
                  - name: report
                    image: registry.example.com/shop/report:2.0.1
    `],
    compliant: [example`
      apiVersion: batch/v1
      kind: CronJob
      metadata: { name: nightly-report, namespace: shop }
      spec:
        schedule: "0 3 * * *"
        successfulJobsHistoryLimit: 3
        failedJobsHistoryLimit: 3
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                  - name: report
                    image: registry.example.com/shop/report:2.0.1
    `],
  },
  admission: {
    kinds: ['CronJob'],
    expression: '!(has(object.spec) && has(object.spec.jobTemplate) && has(object.spec.jobTemplate.spec) && has(object.spec.jobTemplate.spec.ttlSecondsAfterFinished))',
  },
  check: (obj) => {
    const path = ['spec', 'jobTemplate', 'spec', 'ttlSecondsAfterFinished'];
    const v = getIn(obj, path);
    return isUnset(v) ? [] : [{ path, message: `the job template sets ttlSecondsAfterFinished to ${JSON.stringify(v)}, which races the CronJob's history limits` }];
  },
});
