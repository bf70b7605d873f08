import { DOCKERFILE_RULES } from '../dockerfile';
import { PACKS, PackId } from '../engine/packs';
import { Rule, RuleMeta } from '../engine/rule';
import { appArmorConfined } from '../rules/apparmor-confined';
import { automountServiceAccountToken } from '../rules/automount-service-account-token';
import { clusterScopedNamespace } from '../rules/cluster-scoped-namespace';
import { configmapRollout } from '../rules/configmap-rollout';
import { configmapSecretContent } from '../rules/configmap-secret-content';
import { cpuLimit } from '../rules/cpu-limit';
import { cpuRequest } from '../rules/cpu-request';
import { daemonsetRollingUpdate } from '../rules/daemonset-rolling-update';
import { cronjobConcurrencyPolicy } from '../rules/cronjob-concurrency-policy';
import { cronjobHistoryLimits } from '../rules/cronjob-history-limits';
import { cronjobJobTemplateNoTtl } from '../rules/cronjob-job-template-no-ttl';
import { cronjobSchedule } from '../rules/cronjob-schedule';
import { cronjobStartingDeadline } from '../rules/cronjob-starting-deadline';
import { dedicatedServiceAccount } from '../rules/dedicated-service-account';
import { destinationRuleHost } from '../rules/destination-rule-host';
import { dropAllCapabilities } from '../rules/drop-all-capabilities';
import { emptydirSizeLimit } from '../rules/emptydir-size-limit';
import { envSecretLiteral } from '../rules/env-secret-literal';
import { fieldTypes } from '../rules/field-types';
import { hpaMinReplicas } from '../rules/hpa-min-replicas';
import { imageDigestRequired } from '../rules/image-digest-required';
import { imageMovingTag } from '../rules/image-moving-tag';
import { imageNotLatest } from '../rules/image-not-latest';
import { imagePullPolicy } from '../rules/image-pull-policy';
import { imageRegistryAllowed } from '../rules/image-registry-allowed';
import { imageTagRequired } from '../rules/image-tag-required';
import { jobActiveDeadline } from '../rules/job-active-deadline';
import { jobBackoffLimit } from '../rules/job-backoff-limit';
import { jobLongDeadline } from '../rules/job-long-deadline';
import { jobRestartPolicy } from '../rules/job-restart-policy';
import { jobTtlSecondsAfterFinished } from '../rules/job-ttl-seconds-after-finished';
import { listItems } from '../rules/list-items';
import { livenessPort } from '../rules/liveness-port';
import { livenessProbe } from '../rules/liveness-probe';
import { memoryLimit } from '../rules/memory-limit';
import { memoryRequest } from '../rules/memory-request';
import { minimumReplicas } from '../rules/minimum-replicas';
import { namespaceLimitRange } from '../rules/namespace-limit-range';
import { namespaceNotDefault } from '../rules/namespace-not-default';
import { namespacePodSecurity } from '../rules/namespace-pod-security';
import { namespaceQuotaFit } from '../rules/namespace-quota-fit';
import { namespaceResourceQuota } from '../rules/namespace-resource-quota';
import { networkPolicyCoverage } from '../rules/network-policy-coverage';
import { networkPolicyRulesBounded } from '../rules/network-policy-rules-bounded';
import { noAddedCapabilities } from '../rules/no-added-capabilities';
import { noBarePod } from '../rules/no-bare-pod';
import { noHostIpc } from '../rules/no-host-ipc';
import { noHostNetwork } from '../rules/no-host-network';
import { noHostPath } from '../rules/no-host-path';
import { noHostPid } from '../rules/no-host-pid';
import { noHostPort } from '../rules/no-host-port';
import { noLogVolume } from '../rules/no-log-volume';
import { noPrivilegeEscalation } from '../rules/no-privilege-escalation';
import { noPrivileged } from '../rules/no-privileged';
import { objectTyped } from '../rules/object-typed';
import { pdbBudget } from '../rules/pdb-budget';
import { pdbNoZeroDisruptions } from '../rules/pdb-no-zero-disruptions';
import { pdbRequired } from '../rules/pdb-required';
import { pdbUnhealthyPodEvictionPolicy } from '../rules/pdb-unhealthy-pod-eviction-policy';
import { pid1Init } from '../rules/pid1-init';
import { podAntiAffinity } from '../rules/pod-anti-affinity';
import { probeInitialDelay } from '../rules/probe-initial-delay';
import { probePortNamed } from '../rules/probe-port-named';
import { probesDistinct } from '../rules/probes-distinct';
import { readOnlyRootFilesystem } from '../rules/read-only-root-filesystem';
import { readinessPort } from '../rules/readiness-port';
import { readinessProbe } from '../rules/readiness-probe';
import { requestsWithinLimits } from '../rules/requests-within-limits';
import { resourceQuotaHard } from '../rules/resource-quota-hard';
import { rollingUpdateMaxUnavailable } from '../rules/rolling-update-max-unavailable';
import { runAsNonRoot } from '../rules/run-as-non-root';
import { runAsUserNumeric } from '../rules/run-as-user-numeric';
import { seccompProfile } from '../rules/seccomp-profile';
import { secretEnvVar } from '../rules/secret-env-var';
import { seLinuxRestricted } from '../rules/selinux-restricted';
import { serviceBypassesProxy } from '../rules/service-bypasses-proxy';
import { serviceSelectorMatches } from '../rules/service-selector-matches';
import { serviceTargetPort } from '../rules/service-target-port';
import { statefulsetHeadlessService } from '../rules/statefulset-headless-service';
import { statefulsetRollingUpdate } from '../rules/statefulset-rolling-update';
import { statefulsetVolumeClaimTemplate } from '../rules/statefulset-volume-claim-template';
import { startupPort } from '../rules/startup-port';
import { suppressionValid } from '../rules/suppression-valid';
import { topologySpread } from '../rules/topology-spread';
import { uniqueObjectIdentity } from '../rules/unique-object-identity';

export * from '../engine/rule';
export { PACKS, PACK_IDS, isPackId } from '../engine/packs';
export type { PackId } from '../engine/packs';

/** Every rule of the manifest catalogue, in a stable order (by id); each names its pack. */
export const CATALOGUE: readonly Rule[] = [
  automountServiceAccountToken, clusterScopedNamespace, configmapRollout, configmapSecretContent,
  appArmorConfined, seLinuxRestricted, cpuLimit, cpuRequest, cronjobConcurrencyPolicy, cronjobHistoryLimits,
  cronjobJobTemplateNoTtl, cronjobSchedule, cronjobStartingDeadline, dedicatedServiceAccount,
  destinationRuleHost, dropAllCapabilities, emptydirSizeLimit, envSecretLiteral, fieldTypes, hpaMinReplicas,
  imageDigestRequired, imageMovingTag, imageNotLatest, imagePullPolicy, imageRegistryAllowed,
  imageTagRequired, jobActiveDeadline, jobBackoffLimit, jobLongDeadline, jobRestartPolicy,
  jobTtlSecondsAfterFinished, listItems, livenessPort, livenessProbe, memoryLimit, memoryRequest,
  minimumReplicas, namespaceLimitRange, namespaceNotDefault, namespacePodSecurity, namespaceQuotaFit,
  namespaceResourceQuota, networkPolicyCoverage, networkPolicyRulesBounded, noAddedCapabilities, noBarePod,
  noHostIpc, noHostNetwork, noHostPath, noHostPid, noHostPort, noLogVolume, noPrivilegeEscalation,
  noPrivileged, objectTyped, pdbBudget, pdbNoZeroDisruptions, pdbRequired, pdbUnhealthyPodEvictionPolicy,
  pid1Init, podAntiAffinity, probeInitialDelay, probePortNamed, probesDistinct, readOnlyRootFilesystem,
  readinessPort, readinessProbe, requestsWithinLimits, resourceQuotaHard, rollingUpdateMaxUnavailable,
  runAsNonRoot, runAsUserNumeric, seccompProfile, secretEnvVar, serviceBypassesProxy, serviceSelectorMatches,
  serviceTargetPort, startupPort, statefulsetHeadlessService, statefulsetRollingUpdate, statefulsetVolumeClaimTemplate,
  suppressionValid, topologySpread, uniqueObjectIdentity, daemonsetRollingUpdate,
].sort((a, b) => a.id.localeCompare(b.id));

const ids = new Set<string>();
for (const r of CATALOGUE) {
  if (ids.has(r.id)) throw new Error(`duplicate rule id "${r.id}" in the catalogue`);
  ids.add(r.id);
}

/** The manifest catalogue and the Dockerfile rules, by id: what the docs, `cdk8s-prod rules` and SARIF list. */
export const ALL_RULES: readonly RuleMeta[] = [...CATALOGUE, ...DOCKERFILE_RULES].sort((a, b) => a.id.localeCompare(b.id));

for (const r of DOCKERFILE_RULES) {
  if (ids.has(r.id)) throw new Error(`duplicate rule id "${r.id}" in the catalogue and the Dockerfile rules`);
}

export function findRule(id: string): Rule | undefined {
  return CATALOGUE.find((r) => r.id === id);
}

/** The hard core: rules without exceptions, enforced whichever packs are chosen. */
export const HARD_CORE: readonly Rule[] = CATALOGUE.filter((r) => !r.suppressible);

function checkPacks(packs: readonly string[], where: string): asserts packs is readonly PackId[] {
  for (const p of packs) {
    if (!PACKS.some((k) => k.id === p)) {
      throw new Error(`${where}: unknown pack ${JSON.stringify(p)}; the packs are ${PACKS.map((k) => k.id).join(', ')}`);
    }
  }
}

/**
 * The manifest rules of the given packs, and always the hard core (which has no exceptions, so
 * leaving its pack out does not turn it off): for `new ProductionApp({ rules: rulesInPacks(…) })`.
 * Throws for an unknown pack.
 */
export function rulesInPacks(...packs: PackId[]): Rule[] {
  checkPacks(packs, 'rulesInPacks');
  return CATALOGUE.filter((r) => !r.suppressible || packs.includes(r.pack));
}

/** The Dockerfile rules of the given packs (the `dockerfile` pack, or the hard core alone). */
export function dockerfileRulesInPacks(...packs: PackId[]): Array<typeof DOCKERFILE_RULES[number]> {
  checkPacks(packs, 'dockerfileRulesInPacks');
  return DOCKERFILE_RULES.filter((r) => !r.suppressible || packs.includes(r.pack));
}

/** Every rule of every kind in the given packs, as `cdk8s-prod rules --pack` lists them. */
export function allRulesInPacks(packs: readonly PackId[]): RuleMeta[] {
  checkPacks(packs, 'allRulesInPacks');
  return ALL_RULES.filter((r) => packs.includes(r.pack));
}

/** Adds the hard core to a list of rules (ProductionApp always enforces it). */
export function withHardCore(rules: readonly Rule[]): Rule[] {
  // By identity, not id: a look-alike with a hard-core rule's id does not stand in for it.
  return [...rules, ...HARD_CORE.filter((r) => !rules.includes(r))];
}
