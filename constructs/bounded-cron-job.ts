import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { isKnownTimeZone, minIntervalSeconds, parseCronSchedule } from '../src/k8s/cron';
import { reasonProblem } from '../src/engine/suppression-annotations';
import { BatchWorkload, JobBounds, RenderedJob } from './batch-workload';
import { refuse } from './errors';
import { checkDuration, checkInteger, formatSeconds } from './validate';
import { WorkloadProps } from './workload';

/** What happens when a run is due while the previous one still runs. `Allow` (pile up) is not offered. */
export type CronConcurrencyPolicy = 'Forbid' | 'Replace';

export interface BoundedCronJobProps extends WorkloadProps, JobBounds {
  /** Five cron fields (`0 3 * * *`) or a macro (`@daily`, `@hourly`, …). */
  readonly schedule: string;
  /**
   * IANA time zone of the schedule (`spec.timeZone`).
   * @default the controller's (UTC on most clusters)
   */
  readonly timeZone?: string;
  /**
   * `Forbid` skips a run while the previous one is running; `Replace` stops the previous one.
   * @default "Forbid"
   */
  readonly concurrencyPolicy?: CronConcurrencyPolicy;
  /**
   * Why runs may last longer than the interval between two of them under `Forbid` (runs are
   * then skipped); without it such a deadline is refused.
   * @default none
   */
  readonly overlapReason?: string;
  /**
   * How late a missed run may still start (at least 60 s; cdk8s-plus's 10 s skips runs after a
   * short controller hiccup).
   * @default 5 minutes, or the interval between runs when that is shorter (at least 60 s)
   */
  readonly startingDeadline?: Duration;
  /**
   * Finished Jobs kept for their logs.
   * @default 3
   */
  readonly successfulJobsHistoryLimit?: number;
  /**
   * Failed Jobs kept for their logs.
   * @default 3
   */
  readonly failedJobsHistoryLimit?: number;
}

/**
 * Scheduled work that can never run away: a CronJob whose job template is bounded like
 * BoundedJob's (without a TTL, which would race the history limits), `concurrencyPolicy: Forbid`,
 * a starting deadline, history limits, and a validated schedule whose runs cannot overlap
 * unless that is a stated choice.
 */
export class BoundedCronJob extends BatchWorkload {
  public readonly cronJob: k8s.KubeCronJob;
  /** The shortest time between two runs of the schedule, in seconds. */
  public readonly intervalSeconds: number;
  public readonly deadlineSeconds: number;
  /** Pods that may run at once: a run's parallelism, doubled while `Replace` swaps runs. */
  public readonly maxConcurrentPods: number;

  constructor(scope: Construct, id: string, props: BoundedCronJobProps) {
    super(scope, id, props, 'cronjob');
    // Its Jobs are named <name>-<11 digits>, and a Job name is a 63-character label.
    if (this.name.length > 52) refuse(this, 'name', this.name, 'at most 52 characters for a CronJob (its Jobs add an 11-character suffix)');
    const parsed = typeof props.schedule === 'string' ? parseCronSchedule(props.schedule) : { ok: false as const, error: 'not a string' };
    if (!parsed.ok) {
      refuse(this, 'schedule', props.schedule, 'five cron fields (minute hour day-of-month month day-of-week, e.g. "0 3 * * *") or @yearly, @monthly, @weekly, @daily, @hourly', parsed.error);
    }
    if (/^\s*(CRON_)?TZ=/.test(props.schedule)) {
      refuse(this, 'schedule', props.schedule, 'a schedule without a time zone prefix: give the zone as timeZone (spec.timeZone)');
    }
    this.intervalSeconds = minIntervalSeconds(props.schedule);
    if (props.timeZone !== undefined && !isKnownTimeZone(props.timeZone)) {
      refuse(this, 'timeZone', props.timeZone, 'an IANA time zone, spelled exactly (the API server matches case), such as "Europe/Berlin" or "UTC"');
    }
    if ((props as { ttlAfterFinished?: unknown }).ttlAfterFinished !== undefined) {
      refuse(this, 'ttlAfterFinished', (props as { ttlAfterFinished?: unknown }).ttlAfterFinished,
        'nothing: a CronJob\'s Jobs are cleaned up by its history limits, which a TTL would race');
    }
    if (props.overlapReason !== undefined) {
      const problem = reasonProblem(props.overlapReason);
      if (problem) refuse(this, 'overlapReason', props.overlapReason, 'a sentence saying why runs may outlast the interval', problem);
    }
    const concurrency = props.concurrencyPolicy ?? 'Forbid';
    if (concurrency !== 'Forbid' && concurrency !== 'Replace') {
      refuse(this, 'concurrencyPolicy', concurrency, '"Forbid" or "Replace" ("Allow" lets slow runs pile up)');
    }

    const startingDeadline = (interval: number) => (props.startingDeadline === undefined
      ? Math.max(60, Math.min(300, interval))
      : checkDuration(this, 'startingDeadline', props.startingDeadline, 60, Math.max(60, interval),
        'at least a minute, and no more than the interval between runs'));
    const history = (prop: 'successfulJobsHistoryLimit' | 'failedJobsHistoryLimit') =>
      (props[prop] === undefined ? 3 : checkInteger(this, prop, props[prop], 0, 100));

    const interval = this.intervalSeconds;
    let rendered: RenderedJob | undefined;
    this.cronJob = this.addJob(props, undefined, (job) => {
      rendered = job;
      if (job.deadlineSeconds > interval && concurrency !== 'Replace' && props.overlapReason === undefined) {
        refuse(this, 'activeDeadline', props.activeDeadline.toHumanString(),
          `at most the shortest interval between two runs of "${props.schedule}" (${formatSeconds(interval)}), `
          + 'or concurrencyPolicy "Replace", or an overlapReason: a run that outlasts the interval is the cron form of a runaway job');
      }
      return new k8s.KubeCronJob(this, 'CronJob', {
        metadata: this.metadata(),
        spec: {
          schedule: props.schedule,
          ...(props.timeZone !== undefined ? { timeZone: props.timeZone } : {}),
          concurrencyPolicy: concurrency,
          startingDeadlineSeconds: startingDeadline(interval),
          successfulJobsHistoryLimit: history('successfulJobsHistoryLimit'),
          failedJobsHistoryLimit: history('failedJobsHistoryLimit'),
          jobTemplate: { metadata: { labels: { ...this.labels } }, spec: job.spec },
        },
      });
    });
    this.deadlineSeconds = rendered!.deadlineSeconds;
    this.maxConcurrentPods = rendered!.parallelism * (concurrency === 'Replace' ? 2 : 1);
  }
}
