import type { Finding } from '../engine/audit';
import type { FieldPath } from '../k8s/manifest';
import type { RuleMeta } from '../engine/rule';
import type { ImageInit } from '../k8s/processes';
import { DockerfileModel, parseDockerfile } from './model';
import { DockerfileRule, DockerfileViolation } from './rule';
import { dockerfileBuildInRuntime } from './rules/dockerfile-build-in-runtime';
import { dockerfileConfigBaked } from './rules/dockerfile-config-baked';
import { dockerfileCopiesSourceTree } from './rules/dockerfile-copies-source-tree';
import { dockerfileFromPinned } from './rules/dockerfile-from-pinned';
import { dockerfileInitEntrypoint, initOf } from './rules/dockerfile-init-entrypoint';
import { dockerfileSuppressionValid } from './rules/dockerfile-suppression-valid';
import { dockerfileUserNonRoot, parseUser } from './rules/dockerfile-user-non-root';
import { classifyDockerfileSuppressions } from './suppression';

export * from './model';
export * from './rule';
export { SUPPRESS_COMMENT, classifyDockerfileSuppressions } from './suppression';

/** Every Dockerfile rule, by id. */
export const DOCKERFILE_RULES: readonly DockerfileRule[] = [
  dockerfileBuildInRuntime,
  dockerfileConfigBaked,
  dockerfileCopiesSourceTree,
  dockerfileFromPinned,
  dockerfileInitEntrypoint,
  dockerfileSuppressionValid,
  dockerfileUserNonRoot,
].sort((a, b) => a.id.localeCompare(b.id));

export function isDockerfileRule(id: string): boolean {
  return DOCKERFILE_RULES.some((r) => r.id === id);
}

/** `stages[1].RUN` → ['stages', 1, 'RUN'] */
function segments(path: string): FieldPath {
  const out: Array<string | number> = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

/**
 * Runs the Dockerfile rules over one file. A `# cdk8s-prod:suppress <rule-id> <reason>` comment
 * moves that rule's findings to `suppressed`; a suppression that does not take effect is itself a
 * finding (dockerfile-suppression-valid). Never throws: odd input gives fewer findings, not an exception.
 */
export function auditDockerfile(
  file: string,
  text: string | DockerfileModel,
  rules: readonly DockerfileRule[] = DOCKERFILE_RULES,
): { findings: Finding[]; suppressed: Finding[] } {
  const df = typeof text === 'string' ? parseDockerfile(text) : text;
  // Suppressions are judged against every Dockerfile rule, not only the ones this audit runs.
  const known: ReadonlyMap<string, RuleMeta> = new Map([...DOCKERFILE_RULES, ...rules].map((r) => [r.id, r]));
  const { accepted } = classifyDockerfileSuppressions(df, known);
  const name = df.final?.name ?? '';
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const rule of rules) {
    let violations: DockerfileViolation[];
    try {
      violations = rule.check(df, { rules: known });
    } catch (e) {
      violations = [{ line: 1, path: '', message: `could not be checked: ${(e as Error).message}` }];
    }
    for (const v of violations) {
      const finding: Finding = {
        rule: rule.id,
        severity: rule.severity,
        pattern: rule.pattern,
        message: v.message,
        path: v.path,
        pathSegments: segments(v.path),
        remediation: rule.remediation,
        kind: 'Dockerfile',
        name,
        namespace: '',
        file,
        line: v.line,
      };
      const because = rule.suppressible ? accepted.get(rule.id) : undefined;
      if (because !== undefined) suppressed.push({ ...finding, suppressedBecause: because });
      else findings.push(finding);
    }
  }
  const byLine = (a: Finding, b: Finding) => (a.line ?? 0) - (b.line ?? 0) || a.rule.localeCompare(b.rule);
  return { findings: findings.sort(byLine), suppressed: suppressed.sort(byLine) };
}

/** What the constructs need to know about an image built from a Dockerfile. */
export interface DockerfileFacts {
  /**
   * The init the final image's ENTRYPOINT starts (`tini`, `dumb-init`, …). Only the ENTRYPOINT
   * counts: a pod's `args` replace the CMD, so an init started by CMD alone is not reliable.
   */
  readonly init?: ImageInit;
  /** The final image's last USER (ARG and ENV values substituted when they have one); uid/gid when numeric (`root` is 0). */
  readonly user?: { readonly uid?: number; readonly gid?: number; readonly raw: string };
  /** The external base of the final image (through `FROM <stage>`), with ARG defaults resolved; `scratch` for scratch. */
  readonly finalBase?: string;
}

export function inspectDockerfile(text: string | DockerfileModel): DockerfileFacts {
  const df = typeof text === 'string' ? parseDockerfile(text) : text;
  const init = df.entrypoint ? initOf(df.entrypoint) : undefined;
  let user: DockerfileFacts['user'];
  if (df.user) {
    const raw = df.user.value ?? df.user.raw;
    const { uid, gid } = df.user.value !== undefined ? parseUser(df.user.value) : {};
    user = { raw, ...(uid !== undefined ? { uid } : {}), ...(gid !== undefined ? { gid } : {}) };
  }
  const root = df.finalChain[0]?.from;
  const finalBase = root ? (root.scratch ? 'scratch' : root.resolved ?? root.raw) || undefined : undefined;
  return {
    ...(init !== undefined ? { init } : {}),
    ...(user ? { user } : {}),
    ...(finalBase !== undefined ? { finalBase } : {}),
  };
}
