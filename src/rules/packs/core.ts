import { clusterScopedNamespace } from '../cluster-scoped-namespace';
import { suppressionValid } from '../suppression-valid';
import { Rule } from '../rule';

/** Rules about object metadata itself: suppressions and scope. */
export const CORE_RULES: Rule[] = [suppressionValid, clusterScopedNamespace];
