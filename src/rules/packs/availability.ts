import { pdbRequired } from '../pdb-required';
import { Rule } from '../rule';

/** Replicas, disruption budgets, rollouts and spreading. */
export const AVAILABILITY_RULES: Rule[] = [pdbRequired];
