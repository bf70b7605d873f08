import { Rule } from '../rule';

/** Namespaces, network isolation, Services and configuration. */
export const NAMESPACE_RULES: Rule[] = [];
