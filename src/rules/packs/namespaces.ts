import { configmapRollout } from '../configmap-rollout';
import { destinationRuleHost } from '../destination-rule-host';
import { configmapSecretContent } from '../configmap-secret-content';
import { emptydirSizeLimit } from '../emptydir-size-limit';
import { envSecretLiteral } from '../env-secret-literal';
import { namespaceLimitRange } from '../namespace-limit-range';
import { namespaceNotDefault } from '../namespace-not-default';
import { namespacePodSecurity } from '../namespace-pod-security';
import { namespaceQuotaFit } from '../namespace-quota-fit';
import { namespaceResourceQuota } from '../namespace-resource-quota';
import { networkPolicyCoverage } from '../network-policy-coverage';
import { noLogVolume } from '../no-log-volume';
import { networkPolicyRulesBounded } from '../network-policy-rules-bounded';
import { resourceQuotaHard } from '../resource-quota-hard';
import { Rule } from '../../engine/rule';
import { secretEnvVar } from '../secret-env-var';
import { serviceBypassesProxy } from '../service-bypasses-proxy';
import { serviceSelectorMatches } from '../service-selector-matches';
import { serviceTargetPort } from '../service-target-port';

/** Namespaces, network isolation, Services and configuration. */
export const NAMESPACE_RULES: Rule[] = [
  namespaceNotDefault,
  namespacePodSecurity,
  namespaceResourceQuota,
  resourceQuotaHard,
  namespaceQuotaFit,
  namespaceLimitRange,
  networkPolicyCoverage,
  networkPolicyRulesBounded,
  serviceSelectorMatches,
  serviceTargetPort,
  serviceBypassesProxy,
  destinationRuleHost,
  envSecretLiteral,
  configmapSecretContent,
  configmapRollout,
  secretEnvVar,
  noLogVolume,
  emptydirSizeLimit,
];
