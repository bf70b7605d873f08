/**
 * Compile-time refusals of BoundedJob (issue 4). Type-checked by `tsc --noEmit -p .` in
 * `npm test`; never run (jest only runs *.test.ts). Each anti-pattern is one line after
 * `// @ts-expect-error`: if the construct's types ever accept it, the directive is unused and tsc
 * fails. The functions are exported so that noUnusedLocals accepts them.
 */
import { Chart, Duration } from 'cdk8s';
import { BoundedJob } from '../../src';

const image = 'registry.example.com/shop/report:1.2.3';

/** The compliant forms compile: the refusals below fail for the reason given, not another. */
export function compliant(chart: Chart): void {
  new BoundedJob(chart, 'report', { image, resources: 'small', activeDeadline: Duration.minutes(30) });
  new BoundedJob(chart, 'retry', { image, resources: 'small', activeDeadline: Duration.minutes(30), restartPolicy: 'OnFailure', ttlAfterFinished: Duration.hours(1) });
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
