import { getIn } from '../k8s/manifest';
import { isUnset } from './_values';
import { objectRule } from '../engine/rule';

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
  check: (obj) => {
    const path = ['spec', 'jobTemplate', 'spec', 'ttlSecondsAfterFinished'];
    const v = getIn(obj, path);
    return isUnset(v) ? [] : [{ path, message: `the job template sets ttlSecondsAfterFinished to ${JSON.stringify(v)}, which races the CronJob's history limits` }];
  },
});
