import { compliantSet, cronJob, job } from '../fixtures';
import { findingsOf, rulePaths } from '../helpers';

describe('job-backoff-limit', () => {
  test('flags a missing, a too large and a malformed backoffLimit, on Jobs and CronJob templates', () => {
    const unset = job(); delete unset.spec.backoffLimit;
    const large = job(); large.metadata!.name = 'large'; large.spec.backoffLimit = 20;
    const cronUnset = cronJob(); delete cronUnset.spec.jobTemplate.spec.backoffLimit;
    const cronBad = cronJob(); cronBad.metadata!.name = 'bad'; cronBad.spec.jobTemplate.spec.backoffLimit = '3';
    const findings = findingsOf('job-backoff-limit', [unset, large, cronUnset, cronBad]);
    expect(rulePaths(findings)).toEqual([
      ['job-backoff-limit', 'spec.backoffLimit'],
      ['job-backoff-limit', 'spec.backoffLimit'],
      ['job-backoff-limit', 'spec.jobTemplate.spec.backoffLimit'],
      ['job-backoff-limit', 'spec.jobTemplate.spec.backoffLimit'],
    ]);
    expect(findings[0].message).toBe('backoffLimit is not set, so the Job silently retries up to 6 times');
    expect(findings[1].message).toBe('backoffLimit is 20, more than 10 retries of a failing Job');
    expect(findings[3].message).toBe('backoffLimit is "3", not a whole number of retries');
  });
  test('passes 0 and 10, and the compliant set', () => {
    const zero = job(); zero.spec.backoffLimit = 0;
    const ten = cronJob(); ten.spec.jobTemplate.spec.backoffLimit = 10;
    expect(findingsOf('job-backoff-limit', [zero, ten])).toEqual([]);
    expect(findingsOf('job-backoff-limit', compliantSet())).toEqual([]);
  });
});

describe('job-ttl-seconds-after-finished', () => {
  test('flags a standalone Job without a TTL, or with a zero one', () => {
    const unset = job(); delete unset.spec.ttlSecondsAfterFinished;
    const zero = job(); zero.metadata!.name = 'zero'; zero.spec.ttlSecondsAfterFinished = 0;
    const findings = findingsOf('job-ttl-seconds-after-finished', [unset, zero]);
    expect(rulePaths(findings)).toEqual([
      ['job-ttl-seconds-after-finished', 'spec.ttlSecondsAfterFinished'],
      ['job-ttl-seconds-after-finished', 'spec.ttlSecondsAfterFinished'],
    ]);
    expect(findings[1].message).toBe('ttlSecondsAfterFinished is 0, not a positive whole number of seconds');
  });
  test('ignores CronJobs and the Jobs a CronJob owns; passes the compliant set', () => {
    const owned = job(); delete owned.spec.ttlSecondsAfterFinished;
    owned.metadata!.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'report', uid: 'u' }];
    expect(findingsOf('job-ttl-seconds-after-finished', [owned, cronJob()])).toEqual([]);
    expect(findingsOf('job-ttl-seconds-after-finished', compliantSet())).toEqual([]);
  });
});

describe('cronjob-job-template-no-ttl', () => {
  test('flags a TTL in the job template', () => {
    const c = cronJob(); c.spec.jobTemplate.spec.ttlSecondsAfterFinished = 3600;
    const findings = findingsOf('cronjob-job-template-no-ttl', [c]);
    expect(rulePaths(findings)).toEqual([['cronjob-job-template-no-ttl', 'spec.jobTemplate.spec.ttlSecondsAfterFinished']]);
    expect(findings[0].message).toContain('3600');
  });
  test('passes a template without one (and a Job with one); passes the compliant set', () => {
    const c = cronJob(); c.spec.jobTemplate.spec.ttlSecondsAfterFinished = null;
    expect(findingsOf('cronjob-job-template-no-ttl', [c, job()])).toEqual([]);
    expect(findingsOf('cronjob-job-template-no-ttl', compliantSet())).toEqual([]);
  });
});

describe('job-restart-policy', () => {
  test('flags an unset policy on a Job and Always on a CronJob template', () => {
    const j = job(); delete j.spec.template.spec.restartPolicy;
    const c = cronJob(); c.spec.jobTemplate.spec.template.spec.restartPolicy = 'Always';
    const findings = findingsOf('job-restart-policy', [j, c]);
    expect(rulePaths(findings)).toEqual([
      ['job-restart-policy', 'spec.template.spec.restartPolicy'],
      ['job-restart-policy', 'spec.jobTemplate.spec.template.spec.restartPolicy'],
    ]);
    expect(findings[1].message).toBe('restartPolicy is "Always"; a Job pod needs Never or OnFailure');
  });
  test('flags a Job with no pod template at all, where the field belongs', () => {
    const j = job(); delete j.spec.template;
    expect(rulePaths(findingsOf('job-restart-policy', [j]))).toEqual([['job-restart-policy', 'spec.template.spec.restartPolicy']]);
  });
  test('passes OnFailure and Never; passes the compliant set', () => {
    const j = job(); j.spec.template.spec.restartPolicy = 'OnFailure';
    expect(findingsOf('job-restart-policy', [j, cronJob()])).toEqual([]);
    expect(findingsOf('job-restart-policy', compliantSet())).toEqual([]);
  });
});

describe('cronjob-concurrency-policy', () => {
  test('flags unset and Allow', () => {
    const unset = cronJob(); delete unset.spec.concurrencyPolicy;
    const allow = cronJob(); allow.metadata!.name = 'allow'; allow.spec.concurrencyPolicy = 'Allow';
    const findings = findingsOf('cronjob-concurrency-policy', [unset, allow]);
    expect(rulePaths(findings)).toEqual([
      ['cronjob-concurrency-policy', 'spec.concurrencyPolicy'],
      ['cronjob-concurrency-policy', 'spec.concurrencyPolicy'],
    ]);
    expect(findings[1].message).toBe('concurrencyPolicy is "Allow", which lets runs overlap');
  });
  test('passes Forbid and Replace; passes the compliant set', () => {
    const replace = cronJob(); replace.spec.concurrencyPolicy = 'Replace';
    expect(findingsOf('cronjob-concurrency-policy', [replace, cronJob()])).toEqual([]);
    expect(findingsOf('cronjob-concurrency-policy', compliantSet())).toEqual([]);
  });
});

describe('cronjob-starting-deadline', () => {
  test('flags an unset deadline and the cdk8s-plus default of 10 s', () => {
    const unset = cronJob(); delete unset.spec.startingDeadlineSeconds;
    const short = cronJob(); short.metadata!.name = 'short'; short.spec.startingDeadlineSeconds = 10;
    const findings = findingsOf('cronjob-starting-deadline', [unset, short]);
    expect(rulePaths(findings)).toEqual([
      ['cronjob-starting-deadline', 'spec.startingDeadlineSeconds'],
      ['cronjob-starting-deadline', 'spec.startingDeadlineSeconds'],
    ]);
    expect(findings[1].message).toBe('startingDeadlineSeconds is 10, so a run is skipped when the controller is more than 10 s late');
  });
  test('passes 60; passes the compliant set', () => {
    const c = cronJob(); c.spec.startingDeadlineSeconds = 60;
    expect(findingsOf('cronjob-starting-deadline', [c])).toEqual([]);
    expect(findingsOf('cronjob-starting-deadline', compliantSet())).toEqual([]);
  });
});

describe('cronjob-history-limits', () => {
  test('flags each missing limit, as a warning', () => {
    const c = cronJob(); delete c.spec.successfulJobsHistoryLimit; delete c.spec.failedJobsHistoryLimit;
    const findings = findingsOf('cronjob-history-limits', [c]);
    expect(rulePaths(findings)).toEqual([
      ['cronjob-history-limits', 'spec.successfulJobsHistoryLimit'],
      ['cronjob-history-limits', 'spec.failedJobsHistoryLimit'],
    ]);
    expect(findings.map((f) => f.severity)).toEqual(['warning', 'warning']);
  });
  test('flags only the missing one', () => {
    const c = cronJob(); delete c.spec.failedJobsHistoryLimit;
    expect(rulePaths(findingsOf('cronjob-history-limits', [c]))).toEqual([['cronjob-history-limits', 'spec.failedJobsHistoryLimit']]);
  });
  test('passes explicit zeros; passes the compliant set', () => {
    const c = cronJob(); c.spec.successfulJobsHistoryLimit = 0; c.spec.failedJobsHistoryLimit = 0;
    expect(findingsOf('cronjob-history-limits', [c])).toEqual([]);
    expect(findingsOf('cronjob-history-limits', compliantSet())).toEqual([]);
  });
});

describe('cronjob-schedule', () => {
  test('flags an invalid, a missing and a non-string schedule', () => {
    const bad = cronJob(); bad.spec.schedule = '0 25 * * *';
    const missing = cronJob(); missing.metadata!.name = 'missing'; delete missing.spec.schedule;
    const number = cronJob(); number.metadata!.name = 'number'; number.spec.schedule = 5;
    const findings = findingsOf('cronjob-schedule', [bad, missing, number]);
    expect(rulePaths(findings)).toEqual([
      ['cronjob-schedule', 'spec.schedule'],
      ['cronjob-schedule', 'spec.schedule'],
      ['cronjob-schedule', 'spec.schedule'],
    ]);
    expect(findings[0].message).toBe('schedule "0 25 * * *" is invalid: hour field "25": 25 is out of range 0-23');
    expect(findings[1].message).toBe('the CronJob has no schedule');
    expect(findings[2].message).toBe('schedule is 5, not a cron expression');
  });
  test('flags a schedule that never runs', () => {
    const c = cronJob(); c.spec.schedule = '0 0 31 4 *';
    expect(findingsOf('cronjob-schedule', [c])[0].message).toMatch(/no such date exists/);
  });
  test('flags a time zone inside the schedule (rejected from Kubernetes 1.29): it belongs in spec.timeZone', () => {
    const tz = cronJob(); tz.metadata!.name = 'tz'; tz.spec.schedule = 'CRON_TZ=Europe/Berlin 30 2 * * MON-FRI';
    const found = findingsOf('cronjob-schedule', [tz]);
    expect(rulePaths(found)).toEqual([['cronjob-schedule', 'spec.schedule']]);
    expect(found[0].message).toContain('set spec.timeZone: "Europe/Berlin" instead');
  });
  test('passes descriptors and spec.timeZone; passes the compliant set', () => {
    const daily = cronJob(); daily.spec.schedule = '@daily';
    const tz = cronJob(); tz.metadata!.name = 'tz'; tz.spec.schedule = '30 2 * * MON-FRI'; tz.spec.timeZone = 'Europe/Berlin';
    expect(findingsOf('cronjob-schedule', [daily, tz])).toEqual([]);
    expect(findingsOf('cronjob-schedule', compliantSet())).toEqual([]);
  });
});

describe('batch rules on odd shapes', () => {
  test('do not throw on a CronJob whose jobTemplate is a string', () => {
    const c = cronJob(); c.spec.jobTemplate = 'oops';
    for (const id of ['job-backoff-limit', 'job-restart-policy', 'cronjob-job-template-no-ttl']) {
      expect(findingsOf(id, [c]).every((f) => !f.message.startsWith('could not be checked'))).toBe(true);
    }
  });
});

describe('cronjob-schedule: spec.timeZone', () => {
  test('flags a zone the API server would not find (wrong case, unknown)', () => {
    const lower = cronJob(); lower.spec.timeZone = 'europe/berlin';
    const mars = cronJob(); mars.metadata!.name = 'mars'; mars.spec.timeZone = 'Mars/Olympus';
    expect(rulePaths(findingsOf('cronjob-schedule', [lower, mars]))).toEqual([
      ['cronjob-schedule', 'spec.timeZone'], ['cronjob-schedule', 'spec.timeZone'],
    ]);
  });
  test('passes exact names and aliases', () => {
    const objs = ['Europe/Berlin', 'UTC', 'America/Argentina/Buenos_Aires', 'US/Eastern'].map((tz, i) => {
      const c = cronJob(); c.metadata!.name = `c${i}`; c.spec.timeZone = tz; return c;
    });
    expect(findingsOf('cronjob-schedule', objs)).toEqual([]);
  });
});
