import type { FieldPath, K8sObject } from '../k8s/manifest';
import type { Severity } from './rule';

/**
 * What an audit reports, and nothing else: the leaf every layer may import (the Dockerfile audit,
 * the synth, the command's reports) without importing the engine that produces it.
 */

/** Where an audited object came from: a construct (synth) or a file (the `check` command). */
export interface ObjectSource {
  readonly constructPath?: string;
  readonly file?: string;
  /** 1-based line of the document in `file`. */
  readonly line?: number;
  /** Maps a field path to its 1-based line in `file`, when the source knows. */
  readonly lineOf?: (path: FieldPath) => number | undefined;
}

export interface AuditInput {
  readonly object: K8sObject;
  readonly source?: ObjectSource;
}

export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly pattern: number | null;
  readonly message: string;
  readonly path: string;
  readonly pathSegments: FieldPath;
  readonly remediation: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly constructPath?: string;
  readonly file?: string;
  readonly line?: number;
  /** Set when a reasoned suppression on the object covers this finding. */
  readonly suppressedBecause?: string;
}

export interface AuditReport {
  /** Findings that count: not suppressed. */
  readonly findings: Finding[];
  /** Findings that a valid suppression covers. */
  readonly suppressed: Finding[];
  readonly objects: number;
}

export function errorsOf(report: AuditReport): Finding[] {
  return report.findings.filter((f) => f.severity === 'error');
}

export function warningsOf(report: AuditReport): Finding[] {
  return report.findings.filter((f) => f.severity === 'warning');
}

/** One line per finding: where, which rule, which field, what to do. */
export function formatFinding(f: Finding): string {
  const where = f.constructPath ?? (f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : `${f.kind}/${f.name}`);
  const target = `${f.kind}/${f.name || '<unnamed>'}${f.namespace ? ` (namespace ${f.namespace})` : ''}`;
  return `[${f.severity}] ${where}: ${f.rule} at ${f.path || '<object>'} of ${target}: ${f.message}\n    fix: ${f.remediation}`;
}
