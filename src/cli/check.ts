import * as path from 'path';
import { audit } from '../engine/audit';
import { LoadOptions, STDIN, loadPaths } from './load';
import { CheckResult } from './report';
import { auditDockerfile, parseDockerfile } from '../dockerfile';
import { CATALOGUE } from '../rules';
import { AuditSettings } from '../engine/rule';

export type { CheckResult } from './report';
export type { InputProblem, LoadOptions, SkippedDocument } from './load';

/**
 * Checks YAML/JSON manifests and Dockerfiles on disk with the whole catalogue, as
 * `cdk8s-prod check` does: files and folders, relative to `cwd`.
 */
export function check(paths: readonly string[], cwd: string = process.cwd(), settings: AuditSettings = {}, options: LoadOptions = {}): CheckResult {
  const loaded = loadPaths(paths.map((p) => (p === STDIN ? p : path.resolve(cwd, p))), cwd, options);
  const manifests = audit(loaded.manifests, CATALOGUE, settings);
  const findings = [...manifests.findings];
  const suppressed = [...manifests.suppressed];
  const problems = [...loaded.problems];
  const skipped = [...loaded.skipped];
  let images = 0;
  for (const { file, text } of loaded.dockerfiles) {
    const df = parseDockerfile(text);
    if (df.parseError !== undefined) {
      problems.push({ file, message: df.parseError });
      continue;
    }
    if (!df.final) {
      skipped.push({ file, line: 1, reason: 'no FROM instruction, so no image to check' });
      continue;
    }
    // Each Dockerfile counts as one object: the image it builds.
    images++;
    const r = auditDockerfile(file, df);
    findings.push(...r.findings);
    suppressed.push(...r.suppressed);
  }
  const report = { findings, suppressed, objects: manifests.objects + images };
  return { report, problems, skipped, files: loaded.files };
}
