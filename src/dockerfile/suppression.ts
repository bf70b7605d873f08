import { SuppressionRuleInfo, reasonProblem } from '../engine/suppression-annotations';
import { DockerfileModel } from './model';

/** The comment that suppresses a rule for a whole Dockerfile: `# cdk8s-prod:suppress <rule-id> <reason>`. */
export const SUPPRESS_COMMENT = 'cdk8s-prod:suppress';

export interface DockerfileSuppressions {
  /** Rule id → reason, for suppressions that take effect. */
  readonly accepted: Map<string, string>;
  /** Directives that do not take effect, at their comment's line. */
  readonly problems: Array<{ line: number; message: string }>;
}

/**
 * Reads the `# cdk8s-prod:…` comments of a Dockerfile. Any other directive after the prefix is a
 * problem too, so that a misspelt suppression is reported rather than silently ignored.
 */
export function classifyDockerfileSuppressions(
  df: DockerfileModel,
  rules: ReadonlyMap<string, SuppressionRuleInfo>,
): DockerfileSuppressions {
  const accepted = new Map<string, string>();
  const problems: Array<{ line: number; message: string }> = [];
  for (const c of df.comments) {
    const m = /^cdk8s-prod:([A-Za-z-]+)(?:\s+(.*))?$/s.exec(c.text);
    if (!m) continue;
    const [, directive, rest = ''] = m;
    if (directive !== 'suppress') {
      problems.push({ line: c.line, message: `"cdk8s-prod:${directive}" is not a directive; write "# ${SUPPRESS_COMMENT} <rule-id> <reason>"` });
      continue;
    }
    const [, ruleId, reason = ''] = /^(\S*)\s*(.*)$/s.exec(rest.trim()) ?? [];
    if (!ruleId) {
      problems.push({ line: c.line, message: `the suppression names no rule; write "# ${SUPPRESS_COMMENT} <rule-id> <reason>"` });
      continue;
    }
    const rule = rules.get(ruleId);
    if (!rule) {
      problems.push({ line: c.line, message: `suppresses "${ruleId}", which is not a Dockerfile rule (see \`cdk8s-prod rules\`; manifest rules are suppressed on the object)` });
    } else if (!rule.suppressible) {
      problems.push({ line: c.line, message: `rule "${ruleId}" cannot be suppressed` });
    } else {
      const problem = reasonProblem(reason);
      if (problem) problems.push({ line: c.line, message: `the suppression of "${ruleId}" is not honoured: ${problem}` });
      else if (!accepted.has(ruleId)) accepted.set(ruleId, reason.trim());
    }
  }
  return { accepted, problems };
}
