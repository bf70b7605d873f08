import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ARGOCD_HOOK, ARGOCD_HOOK_DELETE_POLICY, FLUX_FORCE } from '../src/k8s/annotations';
import { BatchWorkload, JobBounds, RenderedJob } from './batch-workload';
import { contentHashedName } from './content-hash';
import { refuse } from './errors';
import { GitOpsEngine, gitopsEngineOf } from './gitops';
import { checkDuration } from './validate';
import { WorkloadProps } from './workload';

export type { JobBounds, JobRestartPolicy } from './batch-workload';

export interface BoundedJobProps extends WorkloadProps, JobBounds {
  /**
   * How long a finished Job (and its pods' logs) is kept before it is deleted.
   * @default Duration.days(1)
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * Under Argo CD (`ProductionApp({ gitops: 'argocd' })`), the sync phase the Job runs in:
   * `PreSync` before the app's other objects are applied (a schema migration), `Sync` with them,
   * `PostSync` after they are healthy. Refused for other engines, which have no phases.
   * @default "Sync"
   */
  readonly syncPhase?: ArgoSyncPhase;
}

/** An Argo CD sync phase a hook runs in. */
export type ArgoSyncPhase = 'PreSync' | 'Sync' | 'PostSync';

const SYNC_PHASES: readonly ArgoSyncPhase[] = ['PreSync', 'Sync', 'PostSync'];

/** Why a Job under Flux has no TTL (recorded as the suppression of job-ttl-seconds-after-finished). */
export const FLUX_NO_TTL_REASON = 'Flux applies again a Job that its TTL deleted, and it would run again; '
  + 'the Job has a content-hashed name instead, so it runs once per change and Flux prunes it when a change renames it.';

/** A Job name is also the value of its pods' job-name label: 63 characters at most. */
const MAX_JOB_NAME = 63;

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
  /** The GitOps engine the Job is written for (ProductionApp's `gitops` prop). */
  public readonly gitops: GitOpsEngine;

  constructor(scope: Construct, id: string, props: BoundedJobProps) {
    super(scope, id, props, 'job');
    this.gitops = gitopsEngineOf(this);
    if (this.gitops === 'flux' && props.ttlAfterFinished !== undefined) {
      refuse(this, 'ttlAfterFinished', props.ttlAfterFinished, 'nothing under Flux (gitops: "flux"), which applies again a Job its TTL deleted, so it would run again');
    }
    if (props.syncPhase !== undefined) {
      if (this.gitops !== 'argocd') refuse(this, 'syncPhase', props.syncPhase, `nothing: sync phases are Argo CD's, and this app's gitops engine is "${this.gitops}"`);
      if (!SYNC_PHASES.includes(props.syncPhase)) refuse(this, 'syncPhase', props.syncPhase, `one of ${SYNC_PHASES.map((p) => `"${p}"`).join(', ')}`);
    }
    const ttl = this.gitops === 'flux' ? undefined : props.ttlAfterFinished === undefined ? DAY
      : checkDuration(this, 'ttlAfterFinished', props.ttlAfterFinished, 1, 30 * DAY, 'a finished Job is kept for its logs, then deleted; 0 deletes it before anyone can look');
    let rendered: RenderedJob | undefined;
    this.job = this.addJob(props, ttl, (job) => {
      rendered = job;
      return new k8s.KubeJob(this, 'Job', { metadata: this.jobMetadata(job.spec, props.syncPhase ?? 'Sync'), spec: job.spec });
    });
    if (this.gitops === 'flux') this.suppressForPods('job-ttl-seconds-after-finished', FLUX_NO_TTL_REASON, 'gitops');
    this.deadlineSeconds = rendered!.deadlineSeconds;
    this.parallelism = rendered!.parallelism;
  }

  /**
   * Under a GitOps engine the Job's name carries a hash of its spec: a changed Job is a new object
   * that runs, an unchanged one keeps its name. Argo CD runs it as a sync hook; Flux replaces it
   * if an immutable field changes under the same name.
   */
  private jobMetadata(spec: k8s.JobSpec, phase: ArgoSyncPhase): k8s.ObjectMeta {
    if (this.gitops === 'none') return this.metadata();
    const base = this.metadata();
    const name = contentHashedName(this.name.slice(0, MAX_JOB_NAME - 11).replace(/-+$/, ''), { spec: JSON.stringify(spec) });
    const annotations: Record<string, string> = this.gitops === 'argocd'
      ? { [ARGOCD_HOOK]: phase, [ARGOCD_HOOK_DELETE_POLICY]: 'BeforeHookCreation' }
      : { [FLUX_FORCE]: 'enabled' };
    return { ...base, name, annotations };
  }
}
