import { cronjobConcurrencyPolicy } from '../cronjob-concurrency-policy';
import { cronjobHistoryLimits } from '../cronjob-history-limits';
import { cronjobJobTemplateNoTtl } from '../cronjob-job-template-no-ttl';
import { cronjobSchedule } from '../cronjob-schedule';
import { cronjobStartingDeadline } from '../cronjob-starting-deadline';
import { jobActiveDeadline } from '../job-active-deadline';
import { jobBackoffLimit } from '../job-backoff-limit';
import { jobLongDeadline } from '../job-long-deadline';
import { jobRestartPolicy } from '../job-restart-policy';
import { jobTtlSecondsAfterFinished } from '../job-ttl-seconds-after-finished';
import { Rule } from '../../engine/rule';

/** Jobs and CronJobs that cannot run away. */
export const BATCH_RULES: Rule[] = [
  jobActiveDeadline,
  jobLongDeadline,
  jobBackoffLimit,
  jobTtlSecondsAfterFinished,
  cronjobJobTemplateNoTtl,
  jobRestartPolicy,
  cronjobConcurrencyPolicy,
  cronjobStartingDeadline,
  cronjobHistoryLimits,
  cronjobSchedule,
];
