import { DOCKERFILE_RULES } from '../dockerfile';
import { AVAILABILITY_RULES } from '../rules/packs/availability';
import { BATCH_RULES } from '../rules/packs/batch';
import { CONTAINER_RULES } from '../rules/packs/containers';
import { CORE_RULES } from '../rules/packs/core';
import { NAMESPACE_RULES } from '../rules/packs/namespaces';
import { SECURITY_RULES } from '../rules/packs/security';
import { Rule, RuleMeta } from '../engine/rule';

export * from '../engine/rule';

/** Every rule, in a stable order (by id), each listed by its pack. */
export const CATALOGUE: readonly Rule[] = [
  ...CORE_RULES,
  ...SECURITY_RULES,
  ...CONTAINER_RULES,
  ...BATCH_RULES,
  ...AVAILABILITY_RULES,
  ...NAMESPACE_RULES,
].sort((a, b) => a.id.localeCompare(b.id));

const ids = new Set<string>();
for (const r of CATALOGUE) {
  if (ids.has(r.id)) throw new Error(`duplicate rule id "${r.id}" in the catalogue`);
  ids.add(r.id);
}

/** The manifest catalogue and the Dockerfile rules, by id: what the docs, `cdk8s-prod rules` and SARIF list. */
export const ALL_RULES: readonly RuleMeta[] = [...CATALOGUE, ...DOCKERFILE_RULES].sort((a, b) => a.id.localeCompare(b.id));

for (const r of DOCKERFILE_RULES) {
  if (ids.has(r.id)) throw new Error(`duplicate rule id "${r.id}" in the catalogue and the Dockerfile rules`);
}

export function findRule(id: string): Rule | undefined {
  return CATALOGUE.find((r) => r.id === id);
}
