/**
 * How a suppression is written on an object. Kept apart from the construct-side API so that
 * the `check` command (which sees only YAML) reads exactly what the synth writes.
 */

import { SUPPRESS_PREFIX } from '../k8s/annotations';

export { SUPPRESS_PREFIX };

/** Reasons that explain nothing (compared in lower case, trailing punctuation removed). */
export const PLACEHOLDERS: ReadonlySet<string> = new Set([
  'todo', 'tbd', 'fixme', 'xxx', 'n/a', 'na', 'none', 'reason', 'because', 'test', 'temp', 'temporary',
  'ignore', 'suppress', 'suppressed', 'skip', 'wip', 'later', 'ok', 'yes', 'no', 'false', 'true',
  'null', 'undefined', 'placeholder', 'lorem ipsum', 'not needed', 'no reason', 'dont care', "don't care",
]);

export const MIN_REASON_LENGTH = 10;

// ASCII whitespace, ASCII case and code points, so that the admission gate's CEL (RE2 and
// `lowerAscii`, engine/cel.ts) reads a reason exactly as this does.
const EDGE_BLANKS = /^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g;
const SENTENCE = /[a-zA-Z]{2,}.*[\t\n\v\f\r ]+.*[a-zA-Z]{2,}/s;

/** A reason without its leading and trailing (ASCII) blanks: what the annotation holds. */
export function trimReason(reason: string): string {
  return reason.replace(EDGE_BLANKS, '');
}

/** Why a reason is not acceptable, or undefined when it is. */
export function reasonProblem(reason: unknown): string | undefined {
  if (typeof reason !== 'string') return `the reason must be a string, got ${typeof reason}`;
  const r = trimReason(reason);
  if (r === '') return 'the reason is empty';
  const words = r.replace(/[A-Z]/g, (c) => c.toLowerCase()).replace(/[.!?]+$/, '');
  if (PLACEHOLDERS.has(words) || /^(x+|-+|\.+|\?+|\*+)$/.test(words)) return `"${reason}" is a placeholder, not a reason`;
  if ([...r].length < MIN_REASON_LENGTH) return `"${reason}" is too short to explain anything (at least ${MIN_REASON_LENGTH} characters)`;
  if (!SENTENCE.test(r)) return `"${reason}" is not a sentence (at least two words)`;
  return undefined;
}

export function suppressionKey(ruleId: string): string {
  return `${SUPPRESS_PREFIX}${ruleId}`;
}

/** The rule ids an object's annotations suppress, with the reasons given. */
export function suppressionsOf(annotations: Record<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(annotations)) {
    if (k.startsWith(SUPPRESS_PREFIX)) out.set(k.slice(SUPPRESS_PREFIX.length), String(v));
  }
  return out;
}

export interface SuppressionRuleInfo {
  readonly suppressible: boolean;
}

export interface ClassifiedSuppressions {
  /** Rule id → reason, for suppressions that take effect. */
  readonly accepted: Map<string, string>;
  /** Suppressions that do not take effect, and why. */
  readonly problems: Array<{ ruleId: string; message: string }>;
}

/** Decides which suppression annotations take effect; the engine and the `suppression-valid` rule share it. */
export function classifySuppressions(
  annotations: Record<string, string>,
  rules: ReadonlyMap<string, SuppressionRuleInfo>,
): ClassifiedSuppressions {
  const accepted = new Map<string, string>();
  const problems: Array<{ ruleId: string; message: string }> = [];
  for (const [ruleId, reason] of suppressionsOf(annotations)) {
    const rule = rules.get(ruleId);
    if (!rule) {
      problems.push({ ruleId, message: `suppresses "${ruleId}", which is not a rule of the catalogue` });
    } else if (!rule.suppressible) {
      problems.push({ ruleId, message: `rule "${ruleId}" belongs to the hard core and cannot be suppressed` });
    } else {
      const problem = reasonProblem(reason);
      if (problem) problems.push({ ruleId, message: `the suppression of "${ruleId}" is not honoured: ${problem}` });
      else accepted.set(ruleId, trimReason(reason));
    }
  }
  return { accepted, problems };
}
