import { getIn } from '../k8s/manifest';
import { isUnset, isWholeNumber } from './_values';
import { objectRule } from '../engine/rule';

const MIN_STARTING_DEADLINE = 60;

export const cronjobStartingDeadline = objectRule({
  id: 'cronjob-starting-deadline',
  pack: 'batch',
  title: 'CronJobs have a starting deadline of at least a minute',
  severity: 'error',
  pattern: 9,
  description: 'Without startingDeadlineSeconds a run missed while the controller was down starts however late it is; a very short one (cdk8s-plus defaults to 10 s) silently skips runs after a brief controller hiccup.',
  kinds: ['CronJob'],
  remediation: `Set spec.startingDeadlineSeconds to a whole number of at least ${MIN_STARTING_DEADLINE} seconds and no longer than the schedule interval (e.g. 300); BoundedCronJob requires it.`,
  suppressible: true,
  check: (obj) => {
    const path = ['spec', 'startingDeadlineSeconds'];
    const v = getIn(obj, path);
    if (isUnset(v)) return [{ path, message: 'startingDeadlineSeconds is not set, so a missed run starts however late it is' }];
    if (!isWholeNumber(v)) return [{ path, message: `startingDeadlineSeconds is ${JSON.stringify(v)}, not a whole number of seconds` }];
    if (v < MIN_STARTING_DEADLINE) return [{ path, message: `startingDeadlineSeconds is ${v}, so a run is skipped when the controller is more than ${v} s late` }];
    return [];
  },
});
