import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { BatchWorkload, JobBounds, RenderedJob } from './batch-workload';
import { checkDuration } from './validate';
import { WorkloadProps } from './workload';

export type { JobBounds, JobRestartPolicy } from './batch-workload';

export interface BoundedJobProps extends WorkloadProps, JobBounds {
  /**
   * How long a finished Job (and its pods' logs) is kept before it is deleted.
   * @default Duration.days(1)
   */
  readonly ttlAfterFinished?: Duration;
}

const DAY = 86400;

/**
 * One-off work that can never run away: a Job with a required deadline, a small explicit
 * retry budget, a deliberate restart policy and a TTL, around the same compliant pod as
 * ProductionDeployment (no probes: it is meant to end).
 */
export class BoundedJob extends BatchWorkload {
  public readonly job: k8s.KubeJob;
  /** The deadline in seconds. */
  public readonly deadlineSeconds: number;
  /** Pods that may run at once. */
  public readonly parallelism: number;

  constructor(scope: Construct, id: string, props: BoundedJobProps) {
    super(scope, id, props, 'job');
    const ttl = props.ttlAfterFinished === undefined ? DAY
      : checkDuration(this, 'ttlAfterFinished', props.ttlAfterFinished, 1, 30 * DAY, 'a finished Job is kept for its logs, then deleted; 0 deletes it before anyone can look');
    let rendered: RenderedJob | undefined;
    this.job = this.addJob(props, ttl, (job) => {
      rendered = job;
      return new k8s.KubeJob(this, 'Job', { metadata: this.metadata(), spec: job.spec });
    });
    this.deadlineSeconds = rendered!.deadlineSeconds;
    this.parallelism = rendered!.parallelism;
  }
}
