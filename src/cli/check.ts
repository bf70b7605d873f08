import * as path from 'path';
import { PackId, dockerfileRulesInPacks, rulesInPacks } from '../catalogue';
import { auditSources } from '../catalogue/audit';
import { AuditSettings } from '../engine/rule';
import { LoadOptions, STDIN, loadPaths } from './load';
import { CheckResult } from './report';

export type { CheckResult } from './report';
export type { InputProblem, LoadOptions, SkippedDocument } from './load';

export interface CheckOptions extends LoadOptions {
  /**
   * Only the rules of these packs, and always the hard core.
   * @default every pack
   */
  readonly packs?: readonly PackId[];
}

/**
 * Checks YAML/JSON manifests and Dockerfiles on disk with the whole catalogue, as
 * `cdk8s-prod check` does: files and folders, relative to `cwd`.
 */
export function check(paths: readonly string[], cwd: string = process.cwd(), settings: AuditSettings = {},
  options: CheckOptions = {}): CheckResult {
  const packs = options.packs;
  const rules = packs ? { rules: rulesInPacks(...packs), dockerfileRules: dockerfileRulesInPacks(...packs) } : {};
  const loaded = loadPaths(paths.map((p) => (p === STDIN ? p : path.resolve(cwd, p))), cwd, options);
  const audited = auditSources(loaded.manifests, loaded.dockerfiles, { settings, ...rules });
  return {
    report: audited.report,
    problems: [...loaded.problems, ...audited.problems],
    skipped: [...loaded.skipped, ...audited.skipped],
    files: loaded.files,
  };
}
