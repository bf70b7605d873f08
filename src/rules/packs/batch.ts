import { jobActiveDeadline } from '../job-active-deadline';
import { Rule } from '../rule';

/** Jobs and CronJobs that cannot run away. */
export const BATCH_RULES: Rule[] = [jobActiveDeadline];
