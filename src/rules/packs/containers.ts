import { Rule } from '../rule';

/** Probes, resources and images of each container. */
export const CONTAINER_RULES: Rule[] = [];
