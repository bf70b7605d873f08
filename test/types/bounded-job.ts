/**
 * Compile-time refusals of BoundedJob and BoundedCronJob (issue 4). Type-checked by
 * `tsc --noEmit -p .` in `npm test`; never run (jest only runs *.test.ts). Each anti-pattern is
 * one line after `// @ts-expect-error`: if the construct's types ever accept it, the directive is
 * unused and tsc fails. The functions are exported so that noUnusedLocals accepts them.
 */
import { Chart, Duration } from 'cdk8s';
import { BoundedCronJob, BoundedJob } from '../../src';

const image = 'registry.example.com/shop/report:1.2.3';

/** The compliant forms compile: the refusals below fail for the reason given, not another. */
export function compliant(chart: Chart): void {
  new BoundedJob(chart, 'report', { image, resources: 'small', activeDeadline: Duration.minutes(30) });
  new BoundedJob(chart, 'retry', { image, resources: 'small', activeDeadline: Duration.minutes(30), restartPolicy: 'OnFailure', ttlAfterFinished: Duration.hours(1) });
  new BoundedCronJob(chart, 'nightly', { image, resources: 'small', activeDeadline: Duration.minutes(30), schedule: '0 3 * * *' });
  new BoundedCronJob(chart, 'sync', { image, resources: 'small', activeDeadline: Duration.minutes(10), schedule: '*/5 * * * *', concurrencyPolicy: 'Replace' });
}

export function boundedJobRefusals(chart: Chart): void {
  // @ts-expect-error activeDeadline is required: a Job without a deadline keeps making pods (pattern 9)
  new BoundedJob(chart, 'no-deadline', { image, resources: 'small' });

  // @ts-expect-error activeDeadline is a Duration, not a bare number of seconds
  new BoundedJob(chart, 'number-deadline', { image, resources: 'small', activeDeadline: 600 });

  // @ts-expect-error restartPolicy 'Always' restarts a finished pod for ever: only 'Never' | 'OnFailure'
  new BoundedJob(chart, 'always', { image, resources: 'small', activeDeadline: Duration.minutes(30), restartPolicy: 'Always' });

  // @ts-expect-error ttlAfterFinished is a Duration, not a number of seconds
  new BoundedJob(chart, 'number-ttl', { image, resources: 'small', activeDeadline: Duration.minutes(30), ttlAfterFinished: 3600 });
}

export function boundedCronJobRefusals(chart: Chart): void {
  // @ts-expect-error schedule is required
  new BoundedCronJob(chart, 'no-schedule', { image, resources: 'small', activeDeadline: Duration.minutes(30) });

  // @ts-expect-error activeDeadline is required in the job template too
  new BoundedCronJob(chart, 'no-deadline', { image, resources: 'small', schedule: '0 3 * * *' });

  // @ts-expect-error concurrencyPolicy 'Allow' lets slow runs pile up: only 'Forbid' | 'Replace'
  new BoundedCronJob(chart, 'allow', { image, resources: 'small', activeDeadline: Duration.minutes(30), schedule: '0 3 * * *', concurrencyPolicy: 'Allow' });

  // @ts-expect-error restartPolicy 'Always' is refused in the job template too
  new BoundedCronJob(chart, 'always', { image, resources: 'small', activeDeadline: Duration.minutes(30), schedule: '0 3 * * *', restartPolicy: 'Always' });

  // @ts-expect-error a CronJob's job template takes no TTL (it would race the history limits): no ttlAfterFinished prop
  new BoundedCronJob(chart, 'ttl', { image, resources: 'small', activeDeadline: Duration.minutes(30), schedule: '0 3 * * *', ttlAfterFinished: Duration.hours(1) });

  // @ts-expect-error startingDeadline is a Duration, not a number of seconds
  new BoundedCronJob(chart, 'number-start', { image, resources: 'small', activeDeadline: Duration.minutes(30), schedule: '0 3 * * *', startingDeadline: 300 });
}
