import { parseCronSchedule } from '../cron';
import { getIn } from '../manifest';
import { isUnset } from './_values';
import { objectRule } from './rule';

export const cronjobSchedule = objectRule({
  id: 'cronjob-schedule',
  title: 'CronJob schedules are valid cron expressions',
  severity: 'error',
  pattern: 9,
  description: 'A malformed schedule is only refused when the manifest reaches the API server, and one naming a date that never exists (30 February) is accepted and never runs.',
  kinds: ['CronJob'],
  remediation: 'Write spec.schedule as five fields (minute hour day-of-month month day-of-week, e.g. "0 3 * * *") or a descriptor such as @daily; put a time zone in spec.timeZone. BoundedCronJob validates the schedule at synth time.',
  suppressible: true,
  check: (obj) => {
    const path = ['spec', 'schedule'];
    const v = getIn(obj, path);
    if (isUnset(v)) return [{ path, message: 'the CronJob has no schedule' }];
    if (typeof v !== 'string') return [{ path, message: `schedule is ${JSON.stringify(v)}, not a cron expression` }];
    const parsed = parseCronSchedule(v);
    return parsed.ok ? [] : [{ path, message: `schedule ${JSON.stringify(v)} is invalid: ${parsed.error}` }];
  },
});
