import { clusterScopedNamespace } from '../cluster-scoped-namespace';
import { listItems } from '../list-items';
import { objectTyped } from '../object-typed';
import { suppressionValid } from '../suppression-valid';
import { uniqueObjectIdentity } from '../unique-object-identity';
import { Rule } from '../../engine/rule';

/** Rules about objects as such: suppressions, scope, lists. */
export const CORE_RULES: Rule[] = [suppressionValid, clusterScopedNamespace, objectTyped, listItems, uniqueObjectIdentity];
