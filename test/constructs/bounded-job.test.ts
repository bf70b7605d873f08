import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration } from 'cdk8s';
import {
  BoundedCronJob, BoundedCronJobProps, BoundedJob, BoundedJobProps, ProductionApp,
} from '../../src';
import { apiObjectsOf } from '../../constructs/workload';
import { propErrorOf } from './refusal';

/**
 * Issue 4: BoundedJob and BoundedCronJob. The default outputs pass the whole catalogue with no
 * suppression, the bounding fields are asserted one by one on the final JSON, and every refused
 * value fails at construct time with the path, the prop, the value and what is allowed. The
 * compile-time refusals are in test/types/bounded-job.ts.
 */

const IMAGE = 'registry.example.com/shop/report:1.2.3';
const LONG_REASON = 'The full catalogue reindex takes about thirty hours on the current hardware.';
const OVERLAP_REASON = 'A skipped run is harmless: the next one syncs every change since the last success.';

const SELECTOR = { 'app.kubernetes.io/name': 'report', 'app.kubernetes.io/instance': 'report' };
const JOB_LABELS = {
  ...SELECTOR,
  'app.kubernetes.io/version': '1.2.3',
  'app.kubernetes.io/component': 'job',
  'app.kubernetes.io/part-of': 'report',
  'app.kubernetes.io/managed-by': 'cdk8s-prod',
};
const CRON_SELECTOR = { 'app.kubernetes.io/name': 'nightly', 'app.kubernetes.io/instance': 'nightly' };
const CRON_LABELS = {
  ...CRON_SELECTOR,
  'app.kubernetes.io/version': '1.2.3',
  'app.kubernetes.io/component': 'cronjob',
  'app.kubernetes.io/part-of': 'nightly',
  'app.kubernetes.io/managed-by': 'cdk8s-prod',
};

let root: string;
let apps = 0;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-bounded-'));
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** A fresh app and a chart in namespace "shop" (validation is app-wide, so one per test). */
function shop(): { app: ProductionApp; chart: Chart } {
  const app = new ProductionApp({ outdir: path.join(root, `app-${apps++}`) });
  return { app, chart: new Chart(app, 'shop', { namespace: 'shop' }) };
}

function boundedJob(props: Partial<BoundedJobProps> = {}) {
  const { app, chart } = shop();
  const x = new BoundedJob(chart, 'report', { image: IMAGE, resources: 'small', activeDeadline: Duration.minutes(30), ...props });
  return { app, x, job: x.job.toJson() as any };
}

function boundedCronJob(props: Partial<BoundedCronJobProps> = {}) {
  const { app, chart } = shop();
  const x = new BoundedCronJob(chart, 'nightly', {
    image: IMAGE, resources: 'small', schedule: '0 3 * * *', activeDeadline: Duration.minutes(30), ...props,
  });
  return { app, x, cronJob: x.cronJob.toJson() as any };
}

/** The PropError a construction throws (anything else, a TypeError say, fails the test). */
const refusal = propErrorOf;

/** The audit must be clean: no finding at all (errors or warnings) and nothing suppressed. */
function expectCompliant(app: ProductionApp): void {
  const report = app.audit();
  expect(report.findings).toEqual([]);
  expect(report.suppressed).toEqual([]);
}

/** The pod baseline shared with ProductionDeployment, field by field. */
function expectBaselinePod(template: any, name: string, labels: Record<string, string>): void {
  expect(template.metadata.labels).toEqual(labels);
  const pod = template.spec;
  expect(pod.serviceAccountName).toBe(name);
  expect(pod.automountServiceAccountToken).toBe(false);
  expect(pod.shareProcessNamespace).toBe(true);
  expect(template.metadata.annotations).toBeUndefined();
  expect(pod.securityContext).toEqual({
    runAsNonRoot: true,
    runAsUser: 10001,
    runAsGroup: 10001,
    fsGroup: 10001,
    seccompProfile: { type: 'RuntimeDefault' },
  });
  expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
  expect(pod.hostNetwork).toBeUndefined();
  expect(pod.hostPID).toBeUndefined();
  expect(pod.hostIPC).toBeUndefined();
  expect(pod.containers).toHaveLength(1);
  const c = pod.containers[0];
  expect(c.name).toBe('job');
  expect(c.image).toBe(IMAGE);
  expect(c.imagePullPolicy).toBe('IfNotPresent');
  expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
  expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
  expect(c.securityContext.privileged).toBe(false);
  expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
  expect(c.securityContext.runAsNonRoot).toBe(true);
  expect(c.securityContext.capabilities).toEqual({ drop: ['ALL'] });
  expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  // Batch work is meant to end: no probes (the catalogue exempts Jobs, as Polaris does).
  expect(c.livenessProbe).toBeUndefined();
  expect(c.readinessProbe).toBeUndefined();
  expect(c.startupProbe).toBeUndefined();
  expect(c.ports).toBeUndefined();
}

/** A NetworkPolicy selecting the workload's pods, admitting nothing, letting out DNS only. */
function expectDnsOnlyPolicy(policy: any, name: string, selector: Record<string, string>): void {
  expect(policy.kind).toBe('NetworkPolicy');
  expect(policy.metadata.name).toBe(name);
  expect(policy.metadata.namespace).toBe('shop');
  expect(policy.spec.podSelector).toEqual({ matchLabels: selector });
  expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  expect(policy.spec.ingress).toBeUndefined();
  expect(policy.spec.egress).toEqual([{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }]);
}

describe('BoundedJob', () => {
  describe('default output', () => {
    test('passes every rule of the catalogue with no suppression', () => {
      const { app } = boundedJob();
      const report = app.audit();
      expect(report.objects).toBe(3);
      expect(report.findings).toEqual([]);
      expect(report.suppressed).toEqual([]);
    });

    test('emits its ServiceAccount, the Job and a NetworkPolicy, and no Pod', () => {
      const { x } = boundedJob();
      expect(apiObjectsOf(x).map((o) => o.kind)).toEqual(['ServiceAccount', 'Job', 'NetworkPolicy']);
    });

    test('the Job is named, namespaced and labelled', () => {
      const { job } = boundedJob();
      expect(job.apiVersion).toBe('batch/v1');
      expect(job.kind).toBe('Job');
      expect(job.metadata).toEqual({ name: 'report', namespace: 'shop', labels: JOB_LABELS });
    });

    test('activeDeadlineSeconds is the deadline', () => {
      const { x, job } = boundedJob();
      expect(job.spec.activeDeadlineSeconds).toBe(1800);
      expect(x.deadlineSeconds).toBe(1800);
    });

    test('backoffLimit defaults to 2', () => {
      expect(boundedJob().job.spec.backoffLimit).toBe(2);
    });

    test('ttlSecondsAfterFinished defaults to a day', () => {
      expect(boundedJob().job.spec.ttlSecondsAfterFinished).toBe(86400);
    });

    test('restartPolicy defaults to Never', () => {
      expect(boundedJob().job.spec.template.spec.restartPolicy).toBe('Never');
    });

    test('one pod at a time, no podFailurePolicy', () => {
      const { x, job } = boundedJob();
      expect(job.spec.parallelism).toBeUndefined();
      expect(job.spec.completions).toBeUndefined();
      expect(job.spec.podFailurePolicy).toBeUndefined();
      expect(x.parallelism).toBe(1);
    });

    test('the pod has the ProductionDeployment baseline and no probes', () => {
      expectBaselinePod(boundedJob().job.spec.template, 'report', JOB_LABELS);
    });

    test('a dedicated ServiceAccount without a token', () => {
      const { x } = boundedJob();
      expect(x.serviceAccount.toJson()).toEqual({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'report', namespace: 'shop', labels: JOB_LABELS },
        automountServiceAccountToken: false,
      });
    });

    test('a NetworkPolicy with no ingress and DNS egress', () => {
      expectDnsOnlyPolicy(boundedJob().x.networkPolicy.toJson(), 'report', SELECTOR);
    });

    test('snapshot', () => {
      expect(boundedJob().app.synthYaml()).toMatchSnapshot();
    });
  });

  describe('chosen values', () => {
    test('restartPolicy OnFailure', () => {
      const { app, job } = boundedJob({ restartPolicy: 'OnFailure' });
      expect(job.spec.template.spec.restartPolicy).toBe('OnFailure');
      expectCompliant(app);
    });

    test.each([0, 10])('backoffLimit %d', (n) => {
      const { app, job } = boundedJob({ backoffLimit: n });
      expect(job.spec.backoffLimit).toBe(n);
      expectCompliant(app);
    });

    test('ttlAfterFinished', () => {
      const { app, job } = boundedJob({ ttlAfterFinished: Duration.hours(1) });
      expect(job.spec.ttlSecondsAfterFinished).toBe(3600);
      expectCompliant(app);
    });

    test('parallelism and completions', () => {
      const { app, x, job } = boundedJob({ parallelism: 3, completions: 6 });
      expect(job.spec.parallelism).toBe(3);
      expect(job.spec.completions).toBe(6);
      expect(x.parallelism).toBe(3);
      expectCompliant(app);
    });

    test('parallelism equal to completions', () => {
      const { job } = boundedJob({ parallelism: 4, completions: 4 });
      expect([job.spec.parallelism, job.spec.completions]).toEqual([4, 4]);
    });

    test('nonRetriableExitCodes: FailJob on those codes of container "job", disruptions ignored', () => {
      const { app, job } = boundedJob({ nonRetriableExitCodes: [42, 3] });
      expect(job.spec.podFailurePolicy).toEqual({
        rules: [
          { action: 'FailJob', onExitCodes: { containerName: 'job', operator: 'In', values: [3, 42] }, onPodConditions: [] },
          { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
        ],
      });
      expect(job.spec.template.spec.restartPolicy).toBe('Never');
      expectCompliant(app);
    });

    test('imageInit: the init annotation instead of a shared process namespace', () => {
      const { app, job } = boundedJob({ imageInit: 'tini' });
      expect(job.spec.template.metadata.annotations).toEqual({ 'cdk8s-prod.io/init': 'tini' });
      expect(job.spec.template.spec.shareProcessNamespace).toBeUndefined();
      expectCompliant(app);
    });

    test('25 hours with a good longDeadlineReason: the reason is the suppression of job-long-deadline', () => {
      const { app, x, job } = boundedJob({ activeDeadline: Duration.hours(25), longDeadlineReason: LONG_REASON });
      expect(job.spec.activeDeadlineSeconds).toBe(90000);
      expect(x.deadlineSeconds).toBe(90000);
      expect(job.metadata.annotations).toMatchObject({ 'cdk8s-prod.io/suppress.job-long-deadline': LONG_REASON });
      const report = app.audit();
      expect(report.findings).toEqual([]);
      expect(report.suppressed.map((f) => [f.rule, f.path, f.suppressedBecause])).toEqual([['job-long-deadline', 'spec.activeDeadlineSeconds', LONG_REASON]]);
    });

    test('7 days, the hard cap, with a reason', () => {
      const { job } = boundedJob({ activeDeadline: Duration.days(7), longDeadlineReason: LONG_REASON });
      expect(job.spec.activeDeadlineSeconds).toBe(604800);
    });

    test('exactly 24 hours needs no reason', () => {
      expect(boundedJob({ activeDeadline: Duration.hours(24) }).job.spec.activeDeadlineSeconds).toBe(86400);
    });
  });

  describe('refusals name the path, the prop, the value and what is allowed', () => {
    const DEADLINE_ALLOWED = 'a Duration from 1 second to 1 day (more needs longDeadlineReason, up to 7 days), e.g. Duration.seconds(30)';
    const BACKOFF_ALLOWED = 'a whole number from 0 to 10 (each retry is a new pod; fail and alert rather than retry for ever)';
    const CODE_ALLOWED = 'a whole number from 1 to 255 (0 means success)';
    const IMAGE_ALLOWED = 'a pinned image reference: a tag that names a version, not latest or a moving tag such as stable (registry.example.com/team/app:1.4.2), or a digest (…/app@sha256:<64 hex>)';

    test('no activeDeadline at runtime', () => {
      const { chart } = shop();
      const e = refusal(() => new BoundedJob(chart, 'report', { image: IMAGE, resources: 'small' } as any));
      expect(e.message).toBe('shop/report: invalid activeDeadline: got nothing; a Duration: a Job without a deadline that keeps failing keeps making pods (pattern 9)');
      expect([e.constructPath, e.prop, e.given]).toEqual(['shop/report', 'activeDeadline', undefined]);
    });

    test('a zero deadline', () => {
      expect(refusal(() => boundedJob({ activeDeadline: Duration.seconds(0) })).message)
        .toBe(`shop/report: invalid activeDeadline: got "0 seconds"; ${DEADLINE_ALLOWED}`);
    });

    test('a negative deadline', () => {
      // cdk8s itself will not make a negative Duration, so one never reaches the construct...
      expect(() => Duration.seconds(-60)).toThrow('Duration amounts cannot be negative. Received: -60');
      // ...and a negative number given at runtime is refused by the construct.
      expect(refusal(() => boundedJob({ activeDeadline: -60 as any })).message)
        .toBe(`shop/report: invalid activeDeadline: got -60 (not a cdk8s Duration); ${DEADLINE_ALLOWED}`);
    });

    test('a deadline given as a number of seconds at runtime', () => {
      expect(refusal(() => boundedJob({ activeDeadline: 600 as any })).message)
        .toBe(`shop/report: invalid activeDeadline: got 600 (not a cdk8s Duration); ${DEADLINE_ALLOWED}`);
    });

    test('a deadline that is not a whole number of seconds', () => {
      expect(refusal(() => boundedJob({ activeDeadline: Duration.millis(1500) })).message)
        .toBe(`shop/report: invalid activeDeadline: got "1 second 500 millis" (not a whole number of seconds); ${DEADLINE_ALLOWED}`);
    });

    test('25 hours without longDeadlineReason', () => {
      expect(refusal(() => boundedJob({ activeDeadline: Duration.hours(25) })).message)
        .toBe(`shop/report: invalid activeDeadline: got "1 day 60 minutes"; ${DEADLINE_ALLOWED}`);
    });

    test('8 days, even with a reason', () => {
      expect(refusal(() => boundedJob({ activeDeadline: Duration.days(8), longDeadlineReason: LONG_REASON })).message)
        .toBe('shop/report: invalid activeDeadline: got "8 days"; a Duration from 1 second to 7 days (at most 7 days, even with a reason), e.g. Duration.seconds(30)');
    });

    test('a placeholder longDeadlineReason', () => {
      expect(refusal(() => boundedJob({ activeDeadline: Duration.hours(25), longDeadlineReason: 'TODO' })).message)
        .toBe('shop/report: invalid longDeadlineReason: got "TODO" ("TODO" is a placeholder, not a reason); a sentence saying why the work may run this long');
    });

    test('a one-word longDeadlineReason', () => {
      expect(refusal(() => boundedJob({ activeDeadline: Duration.hours(25), longDeadlineReason: 'reindexing' })).message)
        .toBe('shop/report: invalid longDeadlineReason: got "reindexing" ("reindexing" is not a sentence (at least two words)); a sentence saying why the work may run this long');
    });

    test.each([
      [11, '11'],
      [-1, '-1'],
      [2.5, '2.5'],
    ])('backoffLimit %p', (n, shown) => {
      expect(refusal(() => boundedJob({ backoffLimit: n })).message)
        .toBe(`shop/report: invalid backoffLimit: got ${shown}; ${BACKOFF_ALLOWED}`);
    });

    test('a zero TTL', () => {
      expect(refusal(() => boundedJob({ ttlAfterFinished: Duration.seconds(0) })).message)
        .toBe('shop/report: invalid ttlAfterFinished: got "0 seconds"; a Duration from 1 second to 30 days (a finished Job is kept for its logs, then deleted; 0 deletes it before anyone can look), e.g. Duration.seconds(30)');
    });

    test('a TTL given as a number at runtime', () => {
      expect(refusal(() => boundedJob({ ttlAfterFinished: 3600 as any })).message)
        .toBe('shop/report: invalid ttlAfterFinished: got 3600 (not a cdk8s Duration); a Duration from 1 second to 30 days (a finished Job is kept for its logs, then deleted; 0 deletes it before anyone can look), e.g. Duration.seconds(30)');
    });

    test('restartPolicy Always at runtime', () => {
      expect(refusal(() => boundedJob({ restartPolicy: 'Always' as any })).message)
        .toBe('shop/report: invalid restartPolicy: got "Always"; "Never" or "OnFailure" ("Always" restarts a finished pod for ever)');
    });

    test('parallelism above completions', () => {
      expect(refusal(() => boundedJob({ parallelism: 4, completions: 2 })).message)
        .toBe('shop/report: invalid parallelism: got 4; at most completions (2): more pods than completions would start pods with nothing to do');
    });

    test('parallelism 0', () => {
      expect(refusal(() => boundedJob({ parallelism: 0 })).message)
        .toBe('shop/report: invalid parallelism: got 0; a whole number from 1 to 1000');
    });

    test('nonRetriableExitCodes with 0', () => {
      expect(refusal(() => boundedJob({ nonRetriableExitCodes: [0] })).message)
        .toBe(`shop/report: invalid nonRetriableExitCodes[0]: got 0; ${CODE_ALLOWED}`);
    });

    test('nonRetriableExitCodes with 256', () => {
      expect(refusal(() => boundedJob({ nonRetriableExitCodes: [2, 256] })).message)
        .toBe(`shop/report: invalid nonRetriableExitCodes[1]: got 256; ${CODE_ALLOWED}`);
    });

    test('nonRetriableExitCodes with duplicates', () => {
      expect(refusal(() => boundedJob({ nonRetriableExitCodes: [3, 3] })).message)
        .toBe('shop/report: invalid nonRetriableExitCodes: got [3,3]; exit codes without repeats');
    });

    test('an empty nonRetriableExitCodes', () => {
      expect(refusal(() => boundedJob({ nonRetriableExitCodes: [] })).message)
        .toBe('shop/report: invalid nonRetriableExitCodes: got []; a non-empty list of exit codes from 1 to 255');
    });

    test('nonRetriableExitCodes that is not a list, at runtime', () => {
      expect(refusal(() => boundedJob({ nonRetriableExitCodes: 3 as any })).message)
        .toBe('shop/report: invalid nonRetriableExitCodes: got 3; a non-empty list of exit codes from 1 to 255');
    });

    test('nonRetriableExitCodes with restartPolicy OnFailure', () => {
      expect(refusal(() => boundedJob({ nonRetriableExitCodes: [3], restartPolicy: 'OnFailure' })).message)
        .toBe('shop/report: invalid restartPolicy: got "OnFailure"; "Never" when nonRetriableExitCodes is set (Kubernetes applies a pod failure policy only to pods that are not restarted in place)');
    });

    test('a latest image', () => {
      expect(refusal(() => boundedJob({ image: 'registry.example.com/shop/report:latest' })).message)
        .toBe('shop/report: invalid image: got "registry.example.com/shop/report:latest" ("registry.example.com/shop/report:latest" uses the "latest" tag, which does not say which version runs); '
          + IMAGE_ALLOWED);
    });

    test('an untagged image', () => {
      expect(refusal(() => boundedJob({ image: 'registry.example.com/shop/report' })).message)
        .toBe('shop/report: invalid image: got "registry.example.com/shop/report" ("registry.example.com/shop/report" has no tag and no digest, so it means whatever "latest" is when the image is pulled); '
          + IMAGE_ALLOWED);
    });

    test('no props at all, at runtime', () => {
      const { chart } = shop();
      expect(refusal(() => new BoundedJob(chart, 'report', undefined as any)).message)
        .toBe('shop/report: invalid props: got nothing; an object of props');
    });
  });
});

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
