/**
 * The numbers the policy is made of, in one place: the rules that flag a manifest past them and
 * the constructs that cannot be configured past them read the same constants.
 */

const DAY = 86400;

/** A Job's activeDeadlineSeconds above this needs a reason (the job-long-deadline suppression). */
export const LONG_JOB_DEADLINE_SECONDS = DAY;

/** A Job's activeDeadlineSeconds above this bounds nothing (job-active-deadline, hard core). */
export const MAX_JOB_DEADLINE_SECONDS = 7 * DAY;

/** The most retries of a failing Job (job-backoff-limit). */
export const MAX_JOB_BACKOFF_LIMIT = 10;
