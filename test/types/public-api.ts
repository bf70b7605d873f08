/**
 * The whole public surface of cdk8s-prod, imported by name as a user imports it. `tsc` checks it
 * here (against the sources) and in a user project made from the cdk8s init template (against the
 * published declarations, under that project's tsconfig); test/public-api.test.ts fails when the
 * entry point exports a name this file does not list, or the other way round.
 */
import * as api from 'cdk8s-prod';

/** Every value (class, function, constant) of the entry point. */
export const VALUES = {
  ProductionApp: api.ProductionApp,
  PolicyError: api.PolicyError,
  Suppressions: api.Suppressions,
  ProductionDeployment: api.ProductionDeployment,
  ProductionStatefulSet: api.ProductionStatefulSet,
  decide: api.decide,
  importManifests: api.importManifests,
  formatImportSummary: api.formatImportSummary,
  ProductionDaemonSet: api.ProductionDaemonSet,
  LongRunningWorkload: api.LongRunningWorkload,
  DEFAULT_PROXY_IMAGE: api.DEFAULT_PROXY_IMAGE,
  IstioDestinationRule: api.IstioDestinationRule,
  IstioVirtualService: api.IstioVirtualService,
  ConfiguredApp: api.ConfiguredApp,
  ConfigFile: api.ConfigFile,
  BoundedJob: api.BoundedJob,
  BoundedCronJob: api.BoundedCronJob,
  QuotaNamespace: api.QuotaNamespace,
  Workload: api.Workload,
  BatchWorkload: api.BatchWorkload,
  Probe: api.Probe,
  Peer: api.Peer,
  CpuLimit: api.CpuLimit,
  ContainerImage: api.ContainerImage,
  PropError: api.PropError,
  CATALOGUE: api.CATALOGUE,
  admissionPolicies: api.admissionPolicies,
  admissionPlan: api.admissionPlan,
  DEFAULT_EXCLUDED_NAMESPACES: api.DEFAULT_EXCLUDED_NAMESPACES,
  HARD_CORE: api.HARD_CORE,
  rulesInPacks: api.rulesInPacks,
  PACKS: api.PACKS,
  ALL_RULES: api.ALL_RULES,
  findRule: api.findRule,
  objectRule: api.objectRule,
  podRule: api.podRule,
  containerRule: api.containerRule,
  audit: api.audit,
  errorsOf: api.errorsOf,
  warningsOf: api.warningsOf,
  formatFinding: api.formatFinding,
  check: api.check,
  budgetReport: api.budgetReport,
  formatBudget: api.formatBudget,
  discoverApps: api.discoverApps,
  synthesizeApps: api.synthesizeApps,
};

/** Every type of the entry point; a name that is no longer exported fails to compile. */
export interface Types {
  ProductionAppProps: api.ProductionAppProps;
  ProductionDeploymentProps: api.ProductionDeploymentProps;
  ContainerPort: api.ContainerPort;
  ProductionStatefulSetProps: api.ProductionStatefulSetProps;
  Undecided: api.Undecided;
  ImportOptions: api.ImportOptions;
  ImportResult: api.ImportResult;
  ImportSummary: api.ImportSummary;
  ImportedUnit: api.ImportedUnit;
  FindingDisposition: api.FindingDisposition;
  VolumeClaim: api.VolumeClaim;
  ClaimRetention: api.ClaimRetention;
  ClaimedStorage: api.ClaimedStorage;
  ProductionDaemonSetProps: api.ProductionDaemonSetProps;
  Toleration: api.Toleration;
  LongRunningProps: api.LongRunningProps;
  Autoscaling: api.Autoscaling;
  ProxySidecarOptions: api.ProxySidecarOptions;
  CircuitBreakerOptions: api.CircuitBreakerOptions;
  RateLimitOptions: api.RateLimitOptions;
  IstioDestinationRuleProps: api.IstioDestinationRuleProps;
  IstioVirtualServiceProps: api.IstioVirtualServiceProps;
  DestinationRuleSpec: api.DestinationRuleSpec;
  VirtualServiceSpec: api.VirtualServiceSpec;
  IstioOutlierDetection: api.IstioOutlierDetection;
  IstioConnectionPool: api.IstioConnectionPool;
  ConfiguredAppProps: api.ConfiguredAppProps;
  SecretReference: api.SecretReference;
  BoundedJobProps: api.BoundedJobProps;
  JobBounds: api.JobBounds;
  JobRestartPolicy: api.JobRestartPolicy;
  BoundedCronJobProps: api.BoundedCronJobProps;
  CronConcurrencyPolicy: api.CronConcurrencyPolicy;
  QuotaNamespaceProps: api.QuotaNamespaceProps;
  NamespaceQuota: api.NamespaceQuota;
  ContainerLimits: api.ContainerLimits;
  ResourcePair: api.ResourcePair;
  WorkloadProps: api.WorkloadProps;
  PodSecurity: api.PodSecurity;
  WritablePath: api.WritablePath;
  ApiAccess: api.ApiAccess;
  ImageInit: api.ImageInit;
  ProbeTiming: api.ProbeTiming;
  PortProbeOptions: api.PortProbeOptions;
  EgressRule: api.EgressRule;
  ContainerResources: api.ContainerResources;
  SizeClass: api.SizeClass;
  ImageInput: api.ImageInput;
  Rule: api.Rule;
  RuleMeta: api.RuleMeta;
  RuleContext: api.RuleContext;
  Severity: api.Severity;
  Equivalents: api.Equivalents;
  Violation: api.Violation;
  AuditSettings: api.AuditSettings;
  WorkloadFilter: api.WorkloadFilter;
  RuleId: api.RuleId;
  PackId: api.PackId;
  ArgoSyncPhase: api.ArgoSyncPhase;
  GitOpsEngine: api.GitOpsEngine;
  AuditInput: api.AuditInput;
  AuditReport: api.AuditReport;
  Finding: api.Finding;
  ObjectSource: api.ObjectSource;
  K8sObject: api.K8sObject;
  ObjectMeta: api.ObjectMeta;
  FieldPath: api.FieldPath;
  PathSegment: api.PathSegment;
  CheckResult: api.CheckResult;
  InputProblem: api.InputProblem;
  SkippedDocument: api.SkippedDocument;
  QuotaUsage: api.QuotaUsage;
  QuotaLine: api.QuotaLine;
  WorkloadClaim: api.WorkloadClaim;
  PodResources: api.PodResources;
  AppDefinition: api.AppDefinition;
  SynthOptions: api.SynthOptions;
  SynthResult: api.SynthResult;
  AdmissionOptions: api.AdmissionOptions;
  AdmissionOutput: api.AdmissionOutput;
  AdmissionFormat: api.AdmissionFormat;
  AdmissionMode: api.AdmissionMode;
  VapVersion: api.VapVersion;
  AdmissionPlan: api.AdmissionPlan;
  AdmittedRule: api.AdmittedRule;
  RuleElsewhere: api.RuleElsewhere;
  RuleAdmission: api.RuleAdmission;
  AdmissionCel: api.AdmissionCel;
  AdmissionElsewhere: api.AdmissionElsewhere;
  AdmissionContext: api.AdmissionContext;
}
