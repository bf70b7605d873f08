/**
 * Compile-time refusals of BoundedCronJob (issue 4), type-checked by `tsc --noEmit -p .` as
 * test/types/bounded-job.ts is: each anti-pattern is one line after `// @ts-expect-error`.
 */
import { Chart, Duration } from 'cdk8s';
import { BoundedCronJob } from '../../src';

const image = 'registry.example.com/shop/report:1.2.3';

/** The compliant forms compile: the refusals below fail for the reason given, not another. */
export function compliant(chart: Chart): void {
  new BoundedCronJob(chart, 'nightly', { image, resources: 'small', activeDeadline: Duration.minutes(30), schedule: '0 3 * * *' });
  new BoundedCronJob(chart, 'sync', { image, resources: 'small', activeDeadline: Duration.minutes(10), schedule: '*/5 * * * *', concurrencyPolicy: 'Replace' });
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
