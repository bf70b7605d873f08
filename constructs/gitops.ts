import { Construct } from 'constructs';
import { refuse } from './errors';

/**
 * The GitOps engine that applies the output: `argocd`, `flux`, or `none` (kubectl, or an engine
 * that treats Jobs as plain objects). It decides how a Job is written, because both engines put
 * back what the cluster lost: a Job that its TTL deleted is applied again from Git, and runs again.
 */
export type GitOpsEngine = 'argocd' | 'flux' | 'none';

export const GITOPS_ENGINES: readonly GitOpsEngine[] = ['argocd', 'flux', 'none'];

/** The construct-tree context key ProductionApp sets (`gitops` prop) and the Job constructs read. */
export const GITOPS_CONTEXT = 'cdk8s-prod:gitops';

/** The engine of the app `scope` is in (`none` when the app says nothing); a context value that is no engine is refused. */
export function gitopsEngineOf(scope: Construct): GitOpsEngine {
  const value: unknown = scope.node.tryGetContext(GITOPS_CONTEXT);
  if (value === undefined) return 'none';
  if (typeof value !== 'string' || !(GITOPS_ENGINES as readonly string[]).includes(value)) {
    refuse(scope, 'gitops', value, `one of ${GITOPS_ENGINES.map((e) => `"${e}"`).join(', ')} (the context value "${GITOPS_CONTEXT}", set by ProductionApp's gitops prop)`);
  }
  return value as GitOpsEngine;
}
