import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { isDockerfileRule } from '../dockerfile';
import { findRule } from '.';
import { reasonProblem, suppressionKey, trimReason } from '../engine/suppression-annotations';
import { KUBE_LINTER_IGNORE_PREFIX, polarisExemption } from '../k8s/annotations';
import type { RuleId } from './ids';

interface Suppression {
  readonly ruleId: string;
  readonly reason: string;
}

const REGISTRY = Symbol.for('cdk8s-prod.suppressions');

type WithRegistry = IConstruct & { [REGISTRY]?: Suppression[] };

/**
 * Reasoned exceptions to the rule catalogue. A suppression annotates every Kubernetes object in
 * the scope (including ones added to it later), so the exception travels with the YAML: the
 * `check` command, kube-linter and Polaris all read it from `metadata.annotations`.
 */
export class Suppressions {
  /**
   * Suppresses `ruleId` for every object in `scope`, for the given reason.
   * Throws for an unknown rule, a hard-core rule, or a reason that explains nothing.
   */
  public static add(scope: IConstruct, ruleId: RuleId, reason: string): void {
    const where = scope.node.path || '<app>';
    const rule = findRule(ruleId);
    if (!rule && isDockerfileRule(ruleId)) {
      throw new Error(`${where}: cannot suppress "${ruleId}" on an object: ${ruleId} is a Dockerfile rule; suppress it in the Dockerfile with \`# cdk8s-prod:suppress ${ruleId} <reason>\``);
    }
    if (!rule) {
      throw new Error(`${where}: cannot suppress "${ruleId}": no such rule (see \`cdk8s-prod rules\` for the catalogue)`);
    }
    if (!rule.suppressible) {
      throw new Error(`${where}: cannot suppress "${ruleId}": it belongs to the hard core (${rule.title}), which has no exceptions. ${rule.remediation}`);
    }
    const problem = reasonProblem(reason);
    if (problem) {
      throw new Error(`${where}: the suppression of "${ruleId}" needs a reason: ${problem}; write a sentence saying why this object is an exception`);
    }
    const s = scope as WithRegistry;
    (s[REGISTRY] ??= []).push({ ruleId, reason: trimReason(reason) });
    Suppressions.applyTo(scope);
  }

  /** The suppressions declared directly on a scope. */
  public static of(scope: IConstruct): readonly Suppression[] {
    return (scope as WithRegistry)[REGISTRY] ?? [];
  }

  /** Writes the annotations of every suppression declared in the tree onto the objects below it (idempotent). */
  public static applyAll(root: IConstruct): void {
    for (const c of root.node.findAll()) {
      if (Suppressions.of(c).length > 0) Suppressions.applyTo(c);
    }
  }

  private static applyTo(scope: IConstruct): void {
    const objects = scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    for (const { ruleId, reason } of Suppressions.of(scope)) {
      const rule = findRule(ruleId)!;
      for (const obj of objects) {
        obj.metadata.addAnnotation(suppressionKey(ruleId), reason);
        for (const check of rule.equivalents.kubeLinter) obj.metadata.addAnnotation(`${KUBE_LINTER_IGNORE_PREFIX}${check}`, reason);
        for (const check of rule.equivalents.polaris) obj.metadata.addAnnotation(polarisExemption(check), 'true');
      }
    }
  }
}
