import { AuditReport, Finding } from '../engine/audit';
import { RuleMeta } from '../engine/rule';
import { InputProblem, SkippedDocument } from './load';

/** Everything `check` learned, ready to print in any format. */
export interface CheckResult {
  readonly report: AuditReport;
  readonly problems: readonly InputProblem[];
  readonly skipped: readonly SkippedDocument[];
  readonly files: number;
}

export interface CheckSummary {
  readonly files: number;
  readonly objects: number;
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
  readonly skipped: number;
  readonly problems: readonly InputProblem[];
}

export function summarize(r: CheckResult): CheckSummary {
  return {
    files: r.files,
    objects: r.report.objects,
    errors: r.report.findings.filter((f) => f.severity === 'error').length,
    warnings: r.report.findings.filter((f) => f.severity === 'warning').length,
    suppressed: r.report.suppressed.length,
    skipped: r.skipped.length,
    problems: r.problems,
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function where(f: Pick<Finding, 'file' | 'line'>): string {
  return `${f.file ?? '<input>'}${f.line ? `:${f.line}` : ''}`;
}

export function formatText(r: CheckResult): string {
  const lines: string[] = [];
  for (const f of r.report.findings) {
    const target = `${f.kind}/${f.name || '<unnamed>'}${f.namespace ? ` (namespace ${f.namespace})` : ''}`;
    lines.push(`${where(f)}: ${f.severity} ${f.rule}: ${target} ${f.path || '<object>'}: ${f.message}`);
    lines.push(`    fix: ${f.remediation}`);
  }
  for (const p of r.problems) lines.push(`${where(p)}: input error: ${p.message}`);
  for (const k of r.skipped) lines.push(`${where(k)}: skipped: ${k.reason}`);
  const s = summarize(r);
  lines.push(`cdk8s-prod check: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.suppressed} suppressed, `
    + `${plural(s.problems.length, 'input error')} in ${plural(s.files, 'file')} (${plural(s.objects, 'object')}, ${s.skipped} skipped)`);
  return lines.join('\n') + '\n';
}

export function formatJson(r: CheckResult): string {
  const findings = r.report.findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    file: f.file ?? null,
    line: f.line ?? null,
    kind: f.kind,
    namespace: f.namespace,
    name: f.name,
    path: f.path,
    message: f.message,
  }));
  const skipped = r.skipped.map((k) => ({ file: k.file, line: k.line, reason: k.reason }));
  return JSON.stringify({ findings, skipped, summary: summarize(r) }, null, 2) + '\n';
}

/** Where the docs of the catalogue are: each rule has its section (`#<rule id>`). */
export const RULES_DOC = 'https://github.com/cdk8s-prod/cdk8s-prod/blob/main/docs/rules.md';
const HOMEPAGE = 'https://github.com/cdk8s-prod/cdk8s-prod';

/**
 * A SARIF artifact location: a path relative to the checkout, percent-encoded segment by segment
 * (a space or a `#` would make the URI invalid), against %SRCROOT%; an absolute path as a file URI.
 */
export function artifactLocation(file: string | undefined): { uri: string; uriBaseId?: string } {
  if (file === undefined || file === '<stdin>') return { uri: 'stdin' };
  const encoded = file.split('/').map((seg) => encodeURIComponent(seg)).join('/');
  if (file.startsWith('/')) return { uri: `file://${encoded}` };
  return { uri: encoded, uriBaseId: '%SRCROOT%' };
}

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** SARIF 2.1.0, as GitHub code scanning reads it. */
export function formatSarif(r: CheckResult, rules: readonly RuleMeta[], version: string): string {
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  // A Dockerfile finding has no object name to tell it apart: its file, and its rank among the
  // same rule's findings at the same path (`stages[1].RUN`), keep fingerprints distinct and stable.
  const seen = new Map<string, number>();
  // The file is part of each fingerprint: the same object in two files is two results.
  const fingerprint = (f: Finding) => {
    if (f.kind !== 'Dockerfile') return `${f.rule}|${f.file ?? ''}|${f.namespace}|${f.kind}|${f.name}|${f.path}`;
    const key = `${f.rule}|Dockerfile|${f.file ?? ''}|${f.path}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return `${key}|${n}`;
  };
  const results = r.report.findings.map((f) => ({
    ruleId: f.rule,
    ...(ruleIndex.has(f.rule) ? { ruleIndex: ruleIndex.get(f.rule) } : {}),
    level: f.severity === 'error' ? 'error' : 'warning',
    message: { text: `${f.kind}/${f.name || '<unnamed>'} ${f.path || '<object>'}: ${f.message}` },
    locations: [{
      physicalLocation: {
        artifactLocation: artifactLocation(f.file),
        region: { startLine: f.line ?? 1 },
      },
      logicalLocations: [{
        fullyQualifiedName: `${f.namespace ? `${f.namespace}/` : ''}${f.kind}/${f.name}${f.path ? `:${f.path}` : ''}`,
        kind: 'object',
      }],
    }],
    partialFingerprints: { 'cdk8sProdObject/v1': fingerprint(f) },
  }));
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-prod',
          version,
          informationUri: HOMEPAGE,
          rules: rules.map((rule) => ({
            id: rule.id,
            helpUri: `${RULES_DOC}#${rule.id}`,
            name: rule.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
            shortDescription: { text: rule.title },
            fullDescription: { text: rule.description },
            help: { text: rule.remediation, markdown: rule.remediation },
            defaultConfiguration: { level: rule.severity === 'error' ? 'error' : 'warning' },
            properties: {
              pattern: rule.pattern,
              suppressible: rule.suppressible,
              tags: ['kubernetes', ...(rule.pattern ? [`pattern-${rule.pattern}`] : ['baseline'])],
            },
          })),
        },
      },
      invocations: [{
        executionSuccessful: r.problems.length === 0,
        toolExecutionNotifications: [
          ...r.problems.map((p) => ({
            level: 'error',
            message: { text: `input error: ${p.message}` },
            locations: [{
              physicalLocation: { artifactLocation: artifactLocation(p.file), ...(p.line ? { region: { startLine: p.line } } : {}) },
            }],
          })),
          ...r.skipped.map((k) => ({
            level: 'note',
            message: { text: `skipped: ${k.reason}` },
            locations: [{ physicalLocation: { artifactLocation: artifactLocation(k.file), region: { startLine: k.line } } }],
          })),
        ],
      }],
      results,
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A Markdown report, for a GitHub step summary or a pull-request comment. */
export function formatMarkdown(r: CheckResult): string {
  const s = summarize(r);
  const verdict = s.problems.length ? ':x: unreadable input' : s.errors ? ':x: errors found' : ':white_check_mark: no errors';
  const out = [
    `### cdk8s-prod check: ${verdict}`,
    '',
    '| errors | warnings | suppressed | input errors | files | objects |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${s.errors} | ${s.warnings} | ${s.suppressed} | ${s.problems.length} | ${s.files} | ${s.objects} |`,
    '',
  ];
  if (r.report.findings.length) {
    out.push('| severity | rule | where | object | field | problem |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of r.report.findings) {
      const obj = `${f.kind}/${f.name || '<unnamed>'}${f.namespace ? ` (${f.namespace})` : ''}`;
      out.push(`| ${f.severity} | \`${f.rule}\` | ${cell(where(f))} | ${cell(obj)} | \`${cell(f.path || '<object>')}\` | ${cell(f.message)} |`);
    }
    out.push('');
  }
  for (const p of r.problems) out.push(`- input error in ${cell(where(p))}: ${cell(p.message)}`);
  if (r.skipped.length) {
    out.push('', `<details><summary>${r.skipped.length} document${r.skipped.length === 1 ? '' : 's'} skipped</summary>`, '');
    for (const k of r.skipped) out.push(`- ${cell(where(k))}: ${cell(k.reason)}`);
    out.push('', '</details>');
  }
  return out.join('\n') + '\n';
}
