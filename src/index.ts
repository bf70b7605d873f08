export * from './manifest';
export * from './audit';
export * from './production-app';
export * from './suppressions';
export * from './synth';
export { CATALOGUE, findRule } from './rules';
export type { Rule, RuleMeta, Severity, Equivalents, Violation } from './rules/rule';
export type { RuleId } from './rules/ids';
