import { ApiObject, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { LONG_JOB_DEADLINE_SECONDS, MAX_JOB_BACKOFF_LIMIT, MAX_JOB_DEADLINE_SECONDS } from '../src/engine/bounds';
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

/** A Job's spec, rendered and bounded, and what the construct reports of it. */
export interface RenderedJob {
  readonly spec: k8s.JobSpec;
  readonly deadlineSeconds: number;
  /** Pods that may run at once. */
  readonly parallelism: number;
}

/**
 * The base of BoundedJob and BoundedCronJob: run-to-completion work around the compliant pod of
 * Workload (no probes: it is meant to end), whose job spec is bounded the same way in both.
 */
export abstract class BatchWorkload extends Workload {
  private policy?: k8s.KubeNetworkPolicy;

  protected constructor(scope: Construct, id: string, props: WorkloadProps, defaultComponent: string) {
    super(scope, id, props, defaultComponent);
  }

  /** The NetworkPolicy of the pods: batch work takes no connections. */
  public get networkPolicy(): k8s.KubeNetworkPolicy {
    return this.policy!;
  }

  /**
   * Renders the bounded job spec, makes the object that carries it with `create` (a Job, a
   * CronJob's template), then the parts every batch workload has: the suppression of
   * job-long-deadline for a deadline over 24 hours (with its reason) and the NetworkPolicy.
   */
  protected addJob<T extends ApiObject>(props: JobBounds, ttlSeconds: number | undefined, create: (job: RenderedJob) => T): T {
    const job = this.renderJob(props, ttlSeconds);
    const object = create(job);
    if (job.deadlineSeconds > LONG_JOB_DEADLINE_SECONDS) this.suppressForPods('job-long-deadline', props.longDeadlineReason, 'longDeadlineReason');
    this.policy = this.createNetworkPolicy([]);
    return object;
  }

  /** Refuses what is not a bound and renders the job spec around the workload's pod. */
  private renderJob(props: JobBounds, ttlSeconds: number | undefined): RenderedJob {
    if (props.activeDeadline === undefined) {
      refuse(this, 'activeDeadline', undefined, 'a Duration: a Job without a deadline that keeps failing keeps making pods (pattern 9)');
    }
    const longOk = props.longDeadlineReason !== undefined;
    if (longOk) {
      const problem = reasonProblem(props.longDeadlineReason);
      if (problem) refuse(this, 'longDeadlineReason', props.longDeadlineReason, 'a sentence saying why the work may run this long', problem);
    }
    const max = longOk ? MAX_JOB_DEADLINE_SECONDS : LONG_JOB_DEADLINE_SECONDS;
    const deadline = checkDuration(this, 'activeDeadline', props.activeDeadline, 1, max, longOk
      ? `at most ${formatSeconds(MAX_JOB_DEADLINE_SECONDS)}, even with a reason`
      : `more needs longDeadlineReason, up to ${formatSeconds(MAX_JOB_DEADLINE_SECONDS)}`);
    const backoffLimit = props.backoffLimit === undefined ? 2
      : checkInteger(this, 'backoffLimit', props.backoffLimit, 0, MAX_JOB_BACKOFF_LIMIT, 'each retry is a new pod; fail and alert rather than retry for ever');
    const restartPolicy = props.restartPolicy ?? 'Never';
    if (restartPolicy !== 'Never' && restartPolicy !== 'OnFailure') {
      refuse(this, 'restartPolicy', restartPolicy, '"Never" or "OnFailure" ("Always" restarts a finished pod for ever)');
    }
    const parallelism = props.parallelism === undefined ? 1 : checkInteger(this, 'parallelism', props.parallelism, 1, 1000);
    const completions = props.completions === undefined ? undefined : checkInteger(this, 'completions', props.completions, 1, 100000);
    if (completions !== undefined && parallelism > completions) {
      refuse(this, 'parallelism', parallelism, `at most completions (${completions}): more pods than completions would start pods with nothing to do`);
    }
    const podFailurePolicy = this.podFailurePolicy(props.nonRetriableExitCodes, restartPolicy);
    return {
      deadlineSeconds: deadline,
      parallelism,
      spec: {
        activeDeadlineSeconds: deadline,
        backoffLimit,
        ...(ttlSeconds !== undefined ? { ttlSecondsAfterFinished: ttlSeconds } : {}),
        ...(props.parallelism !== undefined ? { parallelism } : {}),
        ...(completions !== undefined ? { completions } : {}),
        ...(podFailurePolicy ? { podFailurePolicy } : {}),
        template: this.buildPodTemplate('job', {}, { restartPolicy }),
      },
    };
  }

  private podFailurePolicy(codes: readonly number[] | undefined, restartPolicy: JobRestartPolicy): k8s.PodFailurePolicy | undefined {
    if (codes === undefined) return undefined;
    if (!Array.isArray(codes) || codes.length === 0) refuse(this, 'nonRetriableExitCodes', codes, 'a non-empty list of exit codes from 1 to 255');
    codes.forEach((c, i) => checkInteger(this, `nonRetriableExitCodes[${i}]`, c, 1, 255, '0 means success'));
    if (new Set(codes).size !== codes.length) refuse(this, 'nonRetriableExitCodes', codes, 'exit codes without repeats');
    if (restartPolicy !== 'Never') {
      refuse(this, 'restartPolicy', restartPolicy, '"Never" when nonRetriableExitCodes is set (Kubernetes applies a pod failure policy only to pods that are not restarted in place)');
    }
    return {
      rules: [
        // The 1.28 schema marks onPodConditions as required; an empty list is valid beside onExitCodes.
        { action: 'FailJob', onExitCodes: { containerName: 'job', operator: 'In', values: [...codes].sort((a, b) => a - b) }, onPodConditions: [] },
        // A node drain or preemption is not the work's fault: do not count it as a retry.
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      ],
    };
  }
}
