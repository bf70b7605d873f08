// The public API of cdk8s-prod: every name here is supported; anything else is internal and may
// change in any release. test/types/public-api.ts imports all of it, and test/public-api.test.ts
// fails when a name is added or removed without updating both.

// The app that polices every object, and its reasoned exceptions
export { ProductionApp, PolicyError } from './synth/production-app';
export type { ProductionAppProps } from './synth/production-app';
export { Suppressions } from './catalogue/suppressions';

// Constructs
export { ProductionDeployment } from '../constructs/production-deployment';
export type { ProductionDeploymentProps, Autoscaling } from '../constructs/production-deployment';
export type { ContainerPort } from '../constructs/long-running';
export { DEFAULT_PROXY_IMAGE } from '../constructs/proxy';
export type { CircuitBreakerOptions, RateLimitOptions, ProxySidecarOptions } from '../constructs/proxy';
export { IstioDestinationRule, IstioVirtualService } from '../constructs/istio';
export type {
  IstioDestinationRuleProps, IstioVirtualServiceProps, DestinationRuleSpec, VirtualServiceSpec, IstioOutlierDetection, IstioConnectionPool,
} from '../constructs/istio';
export { ProductionStatefulSet } from '../constructs/production-stateful-set';
export type { ProductionStatefulSetProps, VolumeClaim, ClaimRetention, ClaimedStorage } from '../constructs/production-stateful-set';
export { ProductionDaemonSet } from '../constructs/production-daemon-set';
export type { ProductionDaemonSetProps, Toleration } from '../constructs/production-daemon-set';
export { LongRunningWorkload } from '../constructs/long-running';
export type { LongRunningProps } from '../constructs/long-running';
export { ConfiguredApp, ConfigFile } from '../constructs/configured-app';
export type { ConfiguredAppProps, SecretReference } from '../constructs/configured-app';
export { BatchWorkload } from '../constructs/batch-workload';
export type { JobBounds, JobRestartPolicy } from '../constructs/batch-workload';
export { BoundedJob } from '../constructs/bounded-job';
export type { BoundedJobProps, ArgoSyncPhase } from '../constructs/bounded-job';
export type { GitOpsEngine } from '../constructs/gitops';
export { BoundedCronJob } from '../constructs/bounded-cron-job';
export type { BoundedCronJobProps, CronConcurrencyPolicy } from '../constructs/bounded-cron-job';
export { QuotaNamespace } from '../constructs/quota-namespace';
export type { QuotaNamespaceProps, NamespaceQuota, ContainerLimits, ResourcePair } from '../constructs/quota-namespace';
export { Workload } from '../constructs/workload';
export type { WorkloadProps, PodSecurity, WritablePath, ApiAccess } from '../constructs/workload';
export type { ImageInit } from './k8s/processes';
export { Probe } from '../constructs/probe';
export type { ProbeTiming, PortProbeOptions } from '../constructs/probe';
export { Peer } from '../constructs/network';
export type { EgressRule } from '../constructs/network';
export { CpuLimit } from '../constructs/resources';
export type { ContainerResources, SizeClass } from '../constructs/resources';
export { ContainerImage } from './k8s/container-image';
export type { ImageInput } from '../constructs/image';
export { PropError } from '../constructs/errors';
export { decide } from '../constructs/decide';
export type { Undecided } from '../constructs/decide';

// The rule catalogue and the engine, for custom rules, tests and programmatic checks
export { CATALOGUE, ALL_RULES, HARD_CORE, findRule, rulesInPacks, objectRule, podRule, containerRule } from './catalogue';
export { PACKS } from './engine/packs';
export type { PackId } from './engine/packs';
export type { Rule, RuleMeta, RuleContext, Severity, Equivalents, Violation, AuditSettings, WorkloadFilter } from './engine/rule';
export type { RuleId } from './catalogue/ids';
export { audit } from './catalogue/audit';
export { errorsOf, warningsOf, formatFinding } from './engine/finding';
export type { AuditInput, AuditReport, Finding, ObjectSource } from './engine/finding';
export type { K8sObject, ObjectMeta, FieldPath, PathSegment } from './k8s/manifest';
export { check } from './cli/check';
export type { CheckResult, InputProblem, SkippedDocument } from './cli/check';
export { budgetReport, formatBudget } from './k8s/quota';
export type { QuotaUsage, QuotaLine, WorkloadClaim, PodResources } from './k8s/quota';

// The admission gate: the catalogue as ValidatingAdmissionPolicies or Kyverno ClusterPolicies
export { admissionPolicies, admissionPlan, DEFAULT_EXCLUDED_NAMESPACES } from './admission';
export type {
  AdmissionOptions, AdmissionOutput, AdmissionFormat, AdmissionMode, VapVersion, AdmissionPlan, AdmittedRule, RuleElsewhere,
} from './admission';
export type { RuleAdmission, AdmissionCel, AdmissionElsewhere, AdmissionContext } from './engine/rule';

// Adopting existing YAML: manifests as the code of an app, with every gap stated
export { importManifests, formatImportSummary } from './import';
export type { ImportOptions, ImportResult, ImportSummary, ImportedUnit, FindingDisposition } from './import';

// A monorepo of apps (apps/<name>/app.ts), as this repository is
export { discoverApps, synthesizeApps } from './synth/apps';
export type { AppDefinition, SynthOptions, SynthResult } from './synth/apps';
