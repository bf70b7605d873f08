import { getIn } from '../manifest';
import { objectRule } from './rule';

export const jobActiveDeadline = objectRule({
  id: 'job-active-deadline',
  title: 'Jobs have a deadline',
  severity: 'error',
  pattern: 9,
  description: 'A Job without activeDeadlineSeconds that keeps failing keeps making pods (the workshop counted 24 failed pods and rising).',
  kinds: ['Job', 'CronJob'],
  scope: 'Job, and the job template of CronJob',
  remediation: 'Set spec.activeDeadlineSeconds (a positive number of seconds) on the Job, or on spec.jobTemplate.spec of the CronJob; BoundedJob requires it.',
  suppressible: false,
  check: (obj) => {
    const jobSpecPath = obj.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec'] : ['spec'];
    const path = [...jobSpecPath, 'activeDeadlineSeconds'];
    const v = getIn(obj, path);
    if (v === undefined || v === null) return [{ path, message: 'the Job has no deadline, so a failing Job can retry for ever' }];
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) return [{ path, message: `activeDeadlineSeconds is ${JSON.stringify(v)}, not a positive whole number of seconds` }];
    return [];
  },
});
