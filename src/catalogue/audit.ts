import { DOCKERFILE_RULES, DockerfileRule, auditDockerfile, parseDockerfile } from '../dockerfile';
import { audit as auditObjects } from '../engine/audit';
import { AuditInput, AuditReport, Finding } from '../engine/finding';
import { AuditSettings, Rule } from '../engine/rule';
import { CATALOGUE } from './index';

/**
 * Runs rules of the catalogue (all of them by default) over Kubernetes objects. Suppressions are
 * judged against the whole catalogue, whichever rules run.
 */
export function audit(inputs: readonly AuditInput[], rules: readonly Rule[] = CATALOGUE, settings: AuditSettings = {}): AuditReport {
  return auditObjects(inputs, rules, settings, CATALOGUE);
}

/** A Dockerfile to audit: the path shown in findings, its text, and the construct that names it (synth). */
export interface DockerfileInput {
  readonly file: string;
  readonly text: string;
  readonly constructPath?: string;
}

export interface SourcesAudit {
  /** Findings of the objects and of the Dockerfiles; each Dockerfile counts as one object, the image it builds. */
  readonly report: AuditReport;
  /** Dockerfiles that could not be read as Dockerfiles. */
  readonly problems: Array<{ readonly file: string; readonly message: string; readonly constructPath?: string }>;
  /** Dockerfiles with nothing to judge. */
  readonly skipped: Array<{ readonly file: string; readonly line: number; readonly reason: string }>;
}

/**
 * The one audit of manifests and Dockerfiles together, as `check` reads them from disk and
 * ProductionApp from its construct tree.
 */
export function auditSources(
  manifests: readonly AuditInput[],
  dockerfiles: readonly DockerfileInput[],
  options: {
    readonly rules?: readonly Rule[];
    readonly dockerfileRules?: readonly DockerfileRule[];
    readonly settings?: AuditSettings;
  } = {},
): SourcesAudit {
  const objects = audit(manifests, options.rules ?? CATALOGUE, options.settings ?? {});
  const findings: Finding[] = [...objects.findings];
  const suppressed: Finding[] = [...objects.suppressed];
  const problems: Array<{ file: string; message: string; constructPath?: string }> = [];
  const skipped: Array<{ file: string; line: number; reason: string }> = [];
  let images = 0;
  for (const { file, text, constructPath } of dockerfiles) {
    const df = parseDockerfile(text);
    if (df.parseError !== undefined) {
      problems.push({ file, message: df.parseError, ...(constructPath !== undefined ? { constructPath } : {}) });
      continue;
    }
    if (!df.final) {
      skipped.push({ file, line: 1, reason: 'no FROM instruction, so no image to check' });
      continue;
    }
    images++;
    const r = auditDockerfile(file, df, options.dockerfileRules ?? DOCKERFILE_RULES);
    const at = (f: Finding): Finding => (constructPath !== undefined ? { ...f, constructPath } : f);
    findings.push(...r.findings.map(at));
    suppressed.push(...r.suppressed.map(at));
  }
  return { report: { findings, suppressed, objects: objects.objects + images }, problems, skipped };
}
