import { auditSources } from '../catalogue/audit';
import { Finding } from '../engine/finding';
import { RuleMeta } from '../engine/rule';
import { LoadedFiles, parseManifests } from './load';

/** What the catalogue says about one example of a rule: that rule's findings, and input errors. */
export interface ExampleResult {
  readonly findings: Finding[];
  /** Findings of the rule that a valid suppression in the example covers. */
  readonly suppressed: Finding[];
  readonly problems: string[];
  /** Documents `check` would not judge (not Kubernetes objects, or not for a cluster), and why. */
  readonly skipped: string[];
}

/**
 * Checks an example (a manifest text, or a Dockerfile for a Dockerfile rule) as `cdk8s-prod check`
 * reads the same text from disk, with the whole catalogue, and keeps what concerns `rule`.
 */
export function runExample(rule: RuleMeta, text: string): ExampleResult {
  const settings = rule.examples?.settings ?? {};
  const into: Pick<LoadedFiles, 'manifests' | 'problems' | 'skipped'> = { manifests: [], problems: [], skipped: [] };
  const dockerfile = rule.pack === 'dockerfile';
  if (!dockerfile) parseManifests('example.yaml', text, into);
  const audited = auditSources(into.manifests, dockerfile ? [{ file: 'Dockerfile', text }] : [], { settings });
  const mine = (f: Finding) => f.rule === rule.id;
  return {
    findings: audited.report.findings.filter(mine),
    suppressed: audited.report.suppressed.filter(mine),
    problems: [...into.problems, ...audited.problems].map((p) => p.message),
    skipped: [...into.skipped, ...audited.skipped].map((s) => s.reason),
  };
}
