import { FieldPath, K8sObject, selectorMatches } from '../k8s/manifest';
import { ObjectIndex } from '../k8s/object-index';

export const HOSTNAME_KEY = 'kubernetes.io/hostname';

/** Spreading applies to replicated workloads that run (or may scale to) 2 pods or more. */
export function spreadsReplicas(obj: K8sObject, index: ObjectIndex): boolean {
  const range = index.replicaRange(obj);
  return range !== undefined && range.max >= 2;
}

export interface SpreadTerm {
  readonly term: Record<string, any>;
  /** Path of the term (the object holding topologyKey and labelSelector). */
  readonly path: FieldPath;
}

/**
 * Checks terms for one on the hostname key whose labelSelector selects the pod's own labels.
 * Returns undefined when one does; otherwise the hostname term whose selector misses (to point
 * at it), or null when there is no hostname term at all.
 */
export function hostnameTermProblem(terms: readonly SpreadTerm[], labels: Record<string, string>): SpreadTerm | null | undefined {
  const onHostname = terms.filter((t) => t.term.topologyKey === HOSTNAME_KEY);
  if (onHostname.some((t) => selectorMatches(t.term.labelSelector, labels))) return undefined;
  return onHostname[0] ?? null;
}
