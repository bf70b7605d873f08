import * as fc from 'fast-check';
import { maybe } from './common';

/*
 * The fields of Jobs and CronJobs that bound a run: deadlines, retries, TTLs, the pods' restart
 * policy, schedules, concurrency, starting deadlines and history limits.
 */

export const jobSpecFields = fc.record({
  activeDeadlineSeconds: maybe(fc.constantFrom(1, 60, 3600, 604800, 604801, 2592000)),
  backoffLimit: maybe(fc.constantFrom(0, 1, 3, 6, 10, 100)),
  ttlSecondsAfterFinished: maybe(fc.constantFrom(0, 60, 86400, 604800, 2592000)),
}, { requiredKeys: [] });

export const jobRestartPolicy = fc.constantFrom('Never', 'OnFailure', undefined);

export const cronJobFields = fc.record({
  schedule: fc.constantFrom('*/5 * * * *', '0 3 * * *', '@hourly', '* * * * *', 'CRON_TZ=Europe/Berlin 0 3 * * *', 'TZ=UTC 0 * * * *', '0 0 1 * *'),
  timeZone: maybe(fc.constantFrom('UTC', 'Europe/Berlin', 'Etc/UTC'), 2),
  concurrencyPolicy: maybe(fc.constantFrom('Allow', 'Forbid', 'Replace')),
  startingDeadlineSeconds: maybe(fc.constantFrom(10, 60, 300, 3600, 86400)),
  successfulJobsHistoryLimit: maybe(fc.constantFrom(0, 1, 3, 10)),
  failedJobsHistoryLimit: maybe(fc.constantFrom(0, 1, 3, 10)),
  suspend: maybe(fc.boolean(), 3),
}, { requiredKeys: ['schedule'] });
