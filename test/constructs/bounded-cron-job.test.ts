import { Duration } from 'cdk8s';
import { BoundedCronJob, BoundedCronJobProps, BoundedJobProps } from '../../src';
import { apiObjectsOf } from '../../constructs/workload';
import { IMAGE, OVERLAP_REASON, expectBaselinePod, expectCompliant, expectDnsOnlyPolicy, refusal, shop } from './batch-fixtures';

/**
 * Issue 4: BoundedCronJob, a BoundedJob on a schedule. The default output passes the whole
 * catalogue, the schedule and concurrency fields are asserted on the final JSON, and every
 * refused value fails at construct time. The compile-time refusals are in test/types/bounded-cron-job.ts.
 */

const CRON_SELECTOR = { 'app.kubernetes.io/name': 'nightly', 'app.kubernetes.io/instance': 'nightly' };
const CRON_LABELS = {
  ...CRON_SELECTOR,
  'app.kubernetes.io/version': '1.2.3',
  'app.kubernetes.io/component': 'cronjob',
  'app.kubernetes.io/part-of': 'nightly',
  'app.kubernetes.io/managed-by': 'cdk8s-prod',
};

function boundedCronJob(props: Partial<BoundedCronJobProps> = {}) {
  const { app, chart } = shop();
  const x = new BoundedCronJob(chart, 'nightly', {
    image: IMAGE, resources: 'small', schedule: '0 3 * * *', activeDeadline: Duration.minutes(30), ...props,
  });
  return { app, x, cronJob: x.cronJob.toJson() as any };
}

describe('BoundedCronJob', () => {
  describe('default output', () => {
    test('passes every rule of the catalogue with no suppression', () => {
      const { app } = boundedCronJob();
      const report = app.audit();
      expect(report.objects).toBe(3);
      expect(report.findings).toEqual([]);
      expect(report.suppressed).toEqual([]);
    });

    test('emits its ServiceAccount, the CronJob and a NetworkPolicy', () => {
      const { x } = boundedCronJob();
      expect(apiObjectsOf(x).map((o) => o.kind)).toEqual(['ServiceAccount', 'CronJob', 'NetworkPolicy']);
    });

    test('the CronJob is named, namespaced and labelled', () => {
      const { cronJob } = boundedCronJob();
      expect(cronJob.apiVersion).toBe('batch/v1');
      expect(cronJob.kind).toBe('CronJob');
      expect(cronJob.metadata).toEqual({ name: 'nightly', namespace: 'shop', labels: CRON_LABELS });
    });

    test('schedule, and no timeZone unless given', () => {
      const { cronJob } = boundedCronJob();
      expect(cronJob.spec.schedule).toBe('0 3 * * *');
      expect(cronJob.spec.timeZone).toBeUndefined();
    });

    test('concurrencyPolicy defaults to Forbid', () => {
      expect(boundedCronJob().cronJob.spec.concurrencyPolicy).toBe('Forbid');
    });

    test('startingDeadlineSeconds defaults to 300 for a daily schedule', () => {
      expect(boundedCronJob().cronJob.spec.startingDeadlineSeconds).toBe(300);
    });

    test('history limits default to 3 and 3', () => {
      const { cronJob } = boundedCronJob();
      expect(cronJob.spec.successfulJobsHistoryLimit).toBe(3);
      expect(cronJob.spec.failedJobsHistoryLimit).toBe(3);
    });

    test('the job template carries the labels', () => {
      expect(boundedCronJob().cronJob.spec.jobTemplate.metadata).toEqual({ labels: CRON_LABELS });
    });

    test('the job template is bounded: deadline, backoffLimit 2, restartPolicy Never', () => {
      const { x, cronJob } = boundedCronJob();
      const spec = cronJob.spec.jobTemplate.spec;
      expect(spec.activeDeadlineSeconds).toBe(1800);
      expect(x.deadlineSeconds).toBe(1800);
      expect(spec.backoffLimit).toBe(2);
      expect(spec.template.spec.restartPolicy).toBe('Never');
      expect(spec.parallelism).toBeUndefined();
      expect(spec.completions).toBeUndefined();
      expect(spec.podFailurePolicy).toBeUndefined();
    });

    test('the job template has no TTL (it would race the history limits)', () => {
      const spec = boundedCronJob().cronJob.spec.jobTemplate.spec;
      expect('ttlSecondsAfterFinished' in spec).toBe(false);
    });

    test('the pod has the ProductionDeployment baseline and no probes', () => {
      expectBaselinePod(boundedCronJob().cronJob.spec.jobTemplate.spec.template, 'nightly', CRON_LABELS);
    });

    test('a dedicated ServiceAccount without a token', () => {
      const { x } = boundedCronJob();
      expect(x.serviceAccount.toJson()).toEqual({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'nightly', namespace: 'shop', labels: CRON_LABELS },
        automountServiceAccountToken: false,
      });
    });

    test('a NetworkPolicy with no ingress and DNS egress', () => {
      expectDnsOnlyPolicy(boundedCronJob().x.networkPolicy.toJson(), 'nightly', CRON_SELECTOR);
    });

    test('intervalSeconds, deadlineSeconds and maxConcurrentPods', () => {
      const { x } = boundedCronJob();
      expect(x.intervalSeconds).toBe(86400);
      expect(x.deadlineSeconds).toBe(1800);
      expect(x.maxConcurrentPods).toBe(1);
    });

    test('snapshot', () => {
      expect(boundedCronJob().app.synthYaml()).toMatchSnapshot();
    });
  });

  describe('chosen values', () => {
    test.each([
      ['0 3 * * *', Duration.minutes(30), 86400, 300],
      ['@hourly', Duration.minutes(30), 3600, 300],
      ['*/5 * * * *', Duration.minutes(5), 300, 300],
      ['*/2 * * * *', Duration.minutes(2), 120, 120],
      ['* * * * *', Duration.minutes(1), 60, 60],
    ])('schedule %j: interval and default startingDeadlineSeconds', (schedule, activeDeadline, interval, starting) => {
      const { app, x, cronJob } = boundedCronJob({ schedule, activeDeadline });
      expect(cronJob.spec.schedule).toBe(schedule);
      expect(x.intervalSeconds).toBe(interval);
      expect(cronJob.spec.startingDeadlineSeconds).toBe(starting);
      expectCompliant(app);
    });

    test('startingDeadline', () => {
      const { app, cronJob } = boundedCronJob({ startingDeadline: Duration.minutes(1) });
      expect(cronJob.spec.startingDeadlineSeconds).toBe(60);
      expectCompliant(app);
    });

    test('startingDeadline up to the interval', () => {
      const { cronJob } = boundedCronJob({ schedule: '*/5 * * * *', activeDeadline: Duration.minutes(5), startingDeadline: Duration.minutes(5) });
      expect(cronJob.spec.startingDeadlineSeconds).toBe(300);
    });

    test('timeZone', () => {
      const { app, cronJob } = boundedCronJob({ timeZone: 'Europe/Berlin' });
      expect(cronJob.spec.timeZone).toBe('Europe/Berlin');
      expect(cronJob.spec.schedule).toBe('0 3 * * *');
      expectCompliant(app);
    });

    test('restartPolicy OnFailure in the job template', () => {
      const { app, cronJob } = boundedCronJob({ restartPolicy: 'OnFailure' });
      expect(cronJob.spec.jobTemplate.spec.template.spec.restartPolicy).toBe('OnFailure');
      expectCompliant(app);
    });

    test('backoffLimit, parallelism, completions and nonRetriableExitCodes in the job template', () => {
      const { app, x, cronJob } = boundedCronJob({ backoffLimit: 5, parallelism: 2, completions: 4, nonRetriableExitCodes: [7] });
      const spec = cronJob.spec.jobTemplate.spec;
      expect(spec.backoffLimit).toBe(5);
      expect(spec.parallelism).toBe(2);
      expect(spec.completions).toBe(4);
      expect(spec.podFailurePolicy.rules).toEqual([
        { action: 'FailJob', onExitCodes: { containerName: 'job', operator: 'In', values: [7] }, onPodConditions: [] },
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      ]);
      expect(x.maxConcurrentPods).toBe(2);
      expectCompliant(app);
    });

    test('history limits', () => {
      const { app, cronJob } = boundedCronJob({ successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 100 });
      expect(cronJob.spec.successfulJobsHistoryLimit).toBe(0);
      expect(cronJob.spec.failedJobsHistoryLimit).toBe(100);
      expectCompliant(app);
    });

    test('a deadline longer than the interval under Replace; maxConcurrentPods is parallelism ×2', () => {
      const { app, x, cronJob } = boundedCronJob({
        schedule: '*/5 * * * *', activeDeadline: Duration.minutes(10), concurrencyPolicy: 'Replace', parallelism: 3, completions: 6,
      });
      expect(cronJob.spec.concurrencyPolicy).toBe('Replace');
      expect(cronJob.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(600);
      expect(x.intervalSeconds).toBe(300);
      expect(x.deadlineSeconds).toBe(600);
      expect(x.maxConcurrentPods).toBe(6);
      expectCompliant(app);
    });

    test('a deadline longer than the interval with an overlapReason keeps Forbid', () => {
      const { app, x, cronJob } = boundedCronJob({
        schedule: '*/5 * * * *', activeDeadline: Duration.minutes(10), overlapReason: OVERLAP_REASON, parallelism: 3,
      });
      expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
      expect(cronJob.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(600);
      expect(x.maxConcurrentPods).toBe(3);
      expectCompliant(app);
    });

    test('a deadline equal to the interval needs no reason', () => {
      const { x } = boundedCronJob({ schedule: '*/5 * * * *', activeDeadline: Duration.minutes(5) });
      expect(x.deadlineSeconds).toBe(x.intervalSeconds);
    });

    test('a ttlAfterFinished passed along with shared job props is refused, not silently dropped', () => {
      const shared: BoundedJobProps = { image: IMAGE, resources: 'small', activeDeadline: Duration.minutes(30), ttlAfterFinished: Duration.hours(1) };
      const { chart } = shop();
      expect(refusal(() => new BoundedCronJob(chart, 'nightly', { ...shared, schedule: '0 3 * * *' })).message)
        .toBe('shop/nightly: invalid ttlAfterFinished: got Duration "60 minutes"; nothing: a CronJob\'s Jobs are cleaned up by its history limits, which a TTL would race');
    });

    test('an overlapReason is checked whenever it is given', () => {
      const { chart } = shop();
      expect(refusal(() => new BoundedCronJob(chart, 'nightly', { image: IMAGE, resources: 'small', activeDeadline: Duration.minutes(30), schedule: '0 3 * * *', overlapReason: 'TODO' })).message)
        .toBe('shop/nightly: invalid overlapReason: got "TODO" ("TODO" is a placeholder, not a reason); a sentence saying why runs may outlast the interval');
    });
  });

  describe('refusals name the path, the prop, the value and what is allowed', () => {
    const SCHEDULE_ALLOWED = 'five cron fields (minute hour day-of-month month day-of-week, e.g. "0 3 * * *") or @yearly, @monthly, @weekly, @daily, @hourly';

    test('no activeDeadline at runtime', () => {
      const { chart } = shop();
      expect(refusal(() => new BoundedCronJob(chart, 'nightly', { image: IMAGE, resources: 'small', schedule: '0 3 * * *' } as any)).message)
        .toBe('shop/nightly: invalid activeDeadline: got nothing; a Duration: a Job without a deadline that keeps failing keeps making pods (pattern 9)');
    });

    test('no schedule at runtime', () => {
      const { chart } = shop();
      expect(refusal(() => new BoundedCronJob(chart, 'nightly', { image: IMAGE, resources: 'small', activeDeadline: Duration.minutes(30) } as any)).message)
        .toBe(`shop/nightly: invalid schedule: got nothing (not a string); ${SCHEDULE_ALLOWED}`);
    });

    test.each([
      ['61 * * * *', 'minute field "61": 61 is out of range 0-59'],
      ['* * *', 'expected 5 fields (minute hour day-of-month month day-of-week), found 3 in "* * *"'],
      ['every day', 'expected 5 fields (minute hour day-of-month month day-of-week), found 2 in "every day"'],
      ['0 0 30 2 *', 'day-of-month field "30" and month field "2": no such date exists, so the schedule never runs'],
      ['0 3 * * * *', 'expected 5 fields (minute hour day-of-month month day-of-week), found 6 in "0 3 * * * *"'],
      ['@reboot', 'unknown descriptor "@reboot" (known: @yearly @annually @monthly @weekly @daily @midnight @hourly)'],
      ['', 'the schedule is empty'],
    ])('an invalid schedule %j', (schedule, problem) => {
      expect(refusal(() => boundedCronJob({ schedule })).message)
        .toBe(`shop/nightly: invalid schedule: got ${JSON.stringify(schedule)} (${problem}); ${SCHEDULE_ALLOWED}`);
    });

    test.each(['TZ=Europe/Berlin 0 3 * * *', 'CRON_TZ=UTC 0 3 * * *'])('a time zone prefix in the schedule: %j', (schedule) => {
      expect(refusal(() => boundedCronJob({ schedule })).message)
        .toBe(`shop/nightly: invalid schedule: got ${JSON.stringify(schedule)}; a schedule without a time zone prefix: give the zone as timeZone (spec.timeZone)`);
    });

    test.each(['Mars/Olympus', 'Local', ''])('an unknown timeZone %j', (timeZone) => {
      expect(refusal(() => boundedCronJob({ timeZone })).message)
        .toBe(`shop/nightly: invalid timeZone: got ${JSON.stringify(timeZone)}; an IANA time zone, spelled exactly (the API server matches case), such as "Europe/Berlin" or "UTC"`);
    });

    // Intl matches zone names case-insensitively; the API server's time.LoadLocation does not.
    test.each(['europe/berlin', 'utc'])('a wrongly cased timeZone %j', (timeZone) => {
      expect(refusal(() => boundedCronJob({ timeZone })).message)
        .toBe(`shop/nightly: invalid timeZone: got ${JSON.stringify(timeZone)}; an IANA time zone, spelled exactly (the API server matches case), such as "Europe/Berlin" or "UTC"`);
    });

    test('concurrencyPolicy Allow at runtime', () => {
      expect(refusal(() => boundedCronJob({ concurrencyPolicy: 'Allow' as any })).message)
        .toBe('shop/nightly: invalid concurrencyPolicy: got "Allow"; "Forbid" or "Replace" ("Allow" lets slow runs pile up)');
    });

    test('restartPolicy Always at runtime', () => {
      expect(refusal(() => boundedCronJob({ restartPolicy: 'Always' as any })).message)
        .toBe('shop/nightly: invalid restartPolicy: got "Always"; "Never" or "OnFailure" ("Always" restarts a finished pod for ever)');
    });

    test('a deadline longer than the interval under Forbid', () => {
      expect(refusal(() => boundedCronJob({ schedule: '*/5 * * * *', activeDeadline: Duration.minutes(10) })).message)
        .toBe('shop/nightly: invalid activeDeadline: got "10 minutes"; at most the shortest interval between two runs of "*/5 * * * *" (5 minutes), '
          + 'or concurrencyPolicy "Replace", or an overlapReason: a run that outlasts the interval is the cron form of a runaway job');
    });

    test('the default 30-minute deadline on an every-minute schedule', () => {
      expect(refusal(() => boundedCronJob({ schedule: '* * * * *' })).message)
        .toBe('shop/nightly: invalid activeDeadline: got "30 minutes"; at most the shortest interval between two runs of "* * * * *" (1 minute), '
          + 'or concurrencyPolicy "Replace", or an overlapReason: a run that outlasts the interval is the cron form of a runaway job');
    });

    test('a placeholder overlapReason', () => {
      expect(refusal(() => boundedCronJob({ schedule: '*/5 * * * *', activeDeadline: Duration.minutes(10), overlapReason: 'TODO' })).message)
        .toBe('shop/nightly: invalid overlapReason: got "TODO" ("TODO" is a placeholder, not a reason); a sentence saying why runs may outlast the interval');
    });

    test('a startingDeadline of 10 seconds', () => {
      expect(refusal(() => boundedCronJob({ startingDeadline: Duration.seconds(10) })).message)
        .toBe('shop/nightly: invalid startingDeadline: got "10 seconds"; a Duration from 1 minute to 1 day (at least a minute, and no more than the interval between runs), e.g. Duration.seconds(30)');
    });

    test('a startingDeadline longer than the interval', () => {
      expect(refusal(() => boundedCronJob({ schedule: '*/5 * * * *', activeDeadline: Duration.minutes(5), startingDeadline: Duration.minutes(10) })).message)
        .toBe('shop/nightly: invalid startingDeadline: got "10 minutes"; a Duration from 1 minute to 5 minutes (at least a minute, and no more than the interval between runs), e.g. Duration.seconds(30)');
    });

    test('successfulJobsHistoryLimit 101', () => {
      expect(refusal(() => boundedCronJob({ successfulJobsHistoryLimit: 101 })).message)
        .toBe('shop/nightly: invalid successfulJobsHistoryLimit: got 101; a whole number from 0 to 100');
    });

    test('failedJobsHistoryLimit -1', () => {
      expect(refusal(() => boundedCronJob({ failedJobsHistoryLimit: -1 })).message)
        .toBe('shop/nightly: invalid failedJobsHistoryLimit: got -1; a whole number from 0 to 100');
    });

    test('the job bounds are checked as in BoundedJob', () => {
      expect(refusal(() => boundedCronJob({ backoffLimit: 11 })).message)
        .toBe('shop/nightly: invalid backoffLimit: got 11; a whole number from 0 to 10 (each retry is a new pod; fail and alert rather than retry for ever)');
      expect(refusal(() => boundedCronJob({ activeDeadline: Duration.seconds(0) })).message)
        .toBe('shop/nightly: invalid activeDeadline: got "0 seconds"; a Duration from 1 second to 1 day (more needs longDeadlineReason, up to 7 days), e.g. Duration.seconds(30)');
      expect(refusal(() => boundedCronJob({ nonRetriableExitCodes: [3], restartPolicy: 'OnFailure' })).message)
        .toBe('shop/nightly: invalid restartPolicy: got "OnFailure"; "Never" when nonRetriableExitCodes is set (Kubernetes applies a pod failure policy only to pods that are not restarted in place)');
    });

    test('a latest image', () => {
      expect(refusal(() => boundedCronJob({ image: 'registry.example.com/shop/report:latest' })).message)
        .toMatch(/^shop\/nightly: invalid image: got "registry\.example\.com\/shop\/report:latest" \("registry\.example\.com\/shop\/report:latest" uses the "latest" tag/);
    });
  });
});
