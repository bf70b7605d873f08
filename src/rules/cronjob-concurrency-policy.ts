import { getIn } from '../k8s/manifest';
import { isUnset } from './_values';
import { objectRule } from '../engine/rule';

const ALLOWED = ['Forbid', 'Replace'];

export const cronjobConcurrencyPolicy = objectRule({
  id: 'cronjob-concurrency-policy',
  pack: 'batch',
  title: 'CronJobs do not overlap their runs',
  severity: 'error',
  pattern: 9,
  description: 'With concurrencyPolicy Allow (the default) a run that outlasts the schedule interval is joined by the next one, and slow or stuck runs pile up.',
  kinds: ['CronJob'],
  remediation: 'Set spec.concurrencyPolicy: Forbid (skip a run while the previous one is still going) or Replace (stop it and start the new one); BoundedCronJob uses Forbid.',
  suppressible: true,
  check: (obj) => {
    const path = ['spec', 'concurrencyPolicy'];
    const v = getIn(obj, path);
    if (isUnset(v)) return [{ path, message: 'concurrencyPolicy is not set, so it defaults to Allow and overlapping runs pile up' }];
    if (!ALLOWED.includes(v)) return [{ path, message: `concurrencyPolicy is ${JSON.stringify(v)}, which lets runs overlap` }];
    return [];
  },
});
