import { Duration } from 'cdk8s';
import { BoundedJob, BoundedJobProps } from '../../src';
import { apiObjectsOf } from '../../constructs/workload';
import { IMAGE, LONG_REASON, expectBaselinePod, expectCompliant, expectDnsOnlyPolicy, refusal, shop } from './batch-fixtures';

/**
 * Issue 4: BoundedJob. The default output passes the whole catalogue with no suppression, the
 * bounding fields are asserted one by one on the final JSON, and every refused value fails at
 * construct time with the path, the prop, the value and what is allowed. The compile-time
 * refusals are in test/types/bounded-job.ts; BoundedCronJob has its own files.
 */

const SELECTOR = { 'app.kubernetes.io/name': 'report', 'app.kubernetes.io/instance': 'report' };
const JOB_LABELS = {
  ...SELECTOR,
  'app.kubernetes.io/version': '1.2.3',
  'app.kubernetes.io/component': 'job',
  'app.kubernetes.io/part-of': 'report',
  'app.kubernetes.io/managed-by': 'cdk8s-prod',
};

function boundedJob(props: Partial<BoundedJobProps> = {}) {
  const { app, chart } = shop();
  const x = new BoundedJob(chart, 'report', { image: IMAGE, resources: 'small', activeDeadline: Duration.minutes(30), ...props });
  return { app, x, job: x.job.toJson() as any };
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
