import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { reasonProblem } from '../src/engine/suppression-annotations';
import { refuse } from './errors';
import { checkDuration, checkInteger, formatSeconds } from './validate';
import { Workload, WorkloadProps } from './workload';

/** The pod restart policies a Job may have; `Always` would restart a finished pod for ever. */
export type JobRestartPolicy = 'Never' | 'OnFailure';

/** What bounds one run of batch work; shared by BoundedJob and BoundedCronJob's job template. */
export interface JobBounds {
  /** The most a run may take, all retries included; the Job fails when it is reached. Required. */
  readonly activeDeadline: Duration;
  /**
   * Why a deadline above 24 hours is right; without it such a deadline is refused.
   * @default none (deadlines up to 24 hours)
   */
  readonly longDeadlineReason?: string;
  /**
   * Retries before the Job fails (0–10).
   * @default 2
   */
  readonly backoffLimit?: number;
  /**
   * `Never`: a failed pod stays for its logs and a new one is made; `OnFailure`: the container restarts in place.
   * @default "Never"
   */
  readonly restartPolicy?: JobRestartPolicy;
  /**
   * Pods that may run at once.
   * @default 1
   */
  readonly parallelism?: number;
  /**
   * Successful pods needed; at least `parallelism`.
   * @default 1
   */
  readonly completions?: number;
  /**
   * Exit codes that mean retrying cannot help (bad input, a failed precondition): the Job fails
   * at once instead of using up its retries. Needs `restartPolicy: "Never"`.
   * @default none
   */
  readonly nonRetriableExitCodes?: readonly number[];
}

export interface BoundedJobProps extends WorkloadProps, JobBounds {
  /**
   * How long a finished Job (and its pods' logs) is kept before it is deleted.
   * @default Duration.days(1)
   */
  readonly ttlAfterFinished?: Duration;
}

const DAY = 86400;
/** Past this a deadline needs a reason; past the hard cap it is not a bound at all. */
const LONG_DEADLINE = DAY;
const MAX_DEADLINE = 7 * DAY;
export const MAX_BACKOFF_LIMIT = 10;

export interface RenderedJob {
  readonly spec: k8s.JobSpec;
  readonly deadlineSeconds: number;
  /** Pods that may run at once. */
  readonly parallelism: number;
  /** The reason for a deadline over 24 hours, recorded as the suppression of job-long-deadline. */
  readonly longDeadlineReason?: string;
}

/** Refuses what is not a bound and renders the job spec around the workload's pod. */
export function renderJobSpec(w: Workload & { buildJobPod(restartPolicy: JobRestartPolicy): k8s.PodTemplateSpec },
  props: JobBounds, ttlSeconds: number | undefined): RenderedJob {
  if (props.activeDeadline === undefined) {
    refuse(w, 'activeDeadline', undefined, 'a Duration: a Job without a deadline that keeps failing keeps making pods (pattern 9)');
  }
  const longOk = props.longDeadlineReason !== undefined;
  if (longOk) {
    const problem = reasonProblem(props.longDeadlineReason);
    if (problem) refuse(w, 'longDeadlineReason', props.longDeadlineReason, 'a sentence saying why the work may run this long', problem);
  }
  const deadline = checkDuration(w, 'activeDeadline', props.activeDeadline, 1, longOk ? MAX_DEADLINE : LONG_DEADLINE,
    longOk ? `at most ${formatSeconds(MAX_DEADLINE)}, even with a reason` : `more needs longDeadlineReason, up to ${formatSeconds(MAX_DEADLINE)}`);
  const backoffLimit = props.backoffLimit === undefined ? 2
    : checkInteger(w, 'backoffLimit', props.backoffLimit, 0, MAX_BACKOFF_LIMIT, 'each retry is a new pod; fail and alert rather than retry for ever');
  const restartPolicy = props.restartPolicy ?? 'Never';
  if (restartPolicy !== 'Never' && restartPolicy !== 'OnFailure') {
    refuse(w, 'restartPolicy', restartPolicy, '"Never" or "OnFailure" ("Always" restarts a finished pod for ever)');
  }
  const parallelism = props.parallelism === undefined ? 1 : checkInteger(w, 'parallelism', props.parallelism, 1, 1000);
  const completions = props.completions === undefined ? undefined : checkInteger(w, 'completions', props.completions, 1, 100000);
  if (completions !== undefined && parallelism > completions) {
    refuse(w, 'parallelism', parallelism, `at most completions (${completions}): more pods than completions would start pods with nothing to do`);
  }
  let podFailurePolicy: k8s.PodFailurePolicy | undefined;
  if (props.nonRetriableExitCodes !== undefined) {
    const codes = props.nonRetriableExitCodes;
    if (!Array.isArray(codes) || codes.length === 0) refuse(w, 'nonRetriableExitCodes', codes, 'a non-empty list of exit codes from 1 to 255');
    codes.forEach((c, i) => checkInteger(w, `nonRetriableExitCodes[${i}]`, c, 1, 255, '0 means success'));
    if (new Set(codes).size !== codes.length) refuse(w, 'nonRetriableExitCodes', codes, 'exit codes without repeats');
    if (restartPolicy !== 'Never') {
      refuse(w, 'restartPolicy', restartPolicy, '"Never" when nonRetriableExitCodes is set (Kubernetes applies a pod failure policy only to pods that are not restarted in place)');
    }
    podFailurePolicy = {
      rules: [
        // The 1.28 schema marks onPodConditions as required; an empty list is valid beside onExitCodes.
        { action: 'FailJob', onExitCodes: { containerName: 'job', operator: 'In', values: [...codes].sort((a, b) => a - b) }, onPodConditions: [] },
        // A node drain or preemption is not the work's fault: do not count it as a retry.
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      ],
    };
  }
  return {
    deadlineSeconds: deadline,
    parallelism,
    ...(deadline > LONG_DEADLINE ? { longDeadlineReason: props.longDeadlineReason } : {}),
    spec: {
      activeDeadlineSeconds: deadline,
      backoffLimit,
      ...(ttlSeconds !== undefined ? { ttlSecondsAfterFinished: ttlSeconds } : {}),
      ...(props.parallelism !== undefined ? { parallelism } : {}),
      ...(completions !== undefined ? { completions } : {}),
      ...(podFailurePolicy ? { podFailurePolicy } : {}),
      template: w.buildJobPod(restartPolicy),
    },
  };
}

/**
 * One-off work that can never run away: a Job with a required deadline, a small explicit
 * retry budget, a deliberate restart policy and a TTL, around the same compliant pod as
 * ProductionDeployment (no probes: it is meant to end).
 */
export class BoundedJob extends Workload {
  public readonly job: k8s.KubeJob;
  public readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** The deadline in seconds. */
  public readonly deadlineSeconds: number;
  /** Pods that may run at once. */
  public readonly parallelism: number;

  constructor(scope: Construct, id: string, props: BoundedJobProps) {
    super(scope, id, props, 'job');
    const ttl = props.ttlAfterFinished === undefined ? DAY
      : checkDuration(this, 'ttlAfterFinished', props.ttlAfterFinished, 1, 30 * DAY, 'a finished Job is kept for its logs, then deleted; 0 deletes it before anyone can look');
    const job = renderJobSpec(this, props, ttl);
    this.deadlineSeconds = job.deadlineSeconds;
    this.parallelism = job.parallelism;
    this.job = new k8s.KubeJob(this, 'Job', { metadata: this.metadata(), spec: job.spec });
    if (job.longDeadlineReason !== undefined) this.suppressForPods('job-long-deadline', job.longDeadlineReason, 'longDeadlineReason');
    this.networkPolicy = this.createNetworkPolicy([]);
  }

  /** @internal */
  public buildJobPod(restartPolicy: JobRestartPolicy): k8s.PodTemplateSpec {
    return this.buildPodTemplate('job', {}, { restartPolicy });
  }
}
