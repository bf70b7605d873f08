/**
 * Every annotation key cdk8s-prod writes or reads, in one place: the constructs write them, the
 * rules and `check` read them, so a key spelled twice could drift apart.
 */

/** `cdk8s-prod.io/suppress.<rule-id>: <reason>` on an object: a reasoned exception to one rule. */
export const SUPPRESS_PREFIX = 'cdk8s-prod.io/suppress.';

/** On a pod template: the init process the image's ENTRYPOINT starts, so the app is not PID 1. */
export const INIT_ANNOTATION = 'cdk8s-prod.io/init';

/** On a pod template: the name of the container port the rate-limiting proxy fronts. */
export const PROXIED_PORT_ANNOTATION = 'cdk8s-prod.io/proxied-port';

/** On a DaemonSet: the most nodes it runs on, so the quota arithmetic can count one pod per node. */
export const NODE_COUNT_ANNOTATION = 'cdk8s-prod.io/node-count';

/** kube-linter's per-object exemption: `ignore-check.kube-linter.io/<check>: <reason>`. */
export const KUBE_LINTER_IGNORE_PREFIX = 'ignore-check.kube-linter.io/';

/** Polaris's per-object exemption: `polaris.fairwinds.com/<check>-exempt: "true"`. */
export function polarisExemption(check: string): string {
  return `polaris.fairwinds.com/${check}-exempt`;
}

/** The AppArmor profile of one container before Kubernetes 1.30's securityContext field: `…/<container>`. */
export const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** Argo CD: the object is a sync hook (`PreSync`, `Sync`, `PostSync`), run at each sync, not kept in sync. */
export const ARGOCD_HOOK = 'argocd.argoproj.io/hook';

/** Argo CD: when a hook object is deleted (`BeforeHookCreation`: just before the next sync creates it again). */
export const ARGOCD_HOOK_DELETE_POLICY = 'argocd.argoproj.io/hook-delete-policy';

/** Flux: recreate the object when an immutable field (a Job's template) changes, instead of failing. */
export const FLUX_FORCE = 'kustomize.toolkit.fluxcd.io/force';
