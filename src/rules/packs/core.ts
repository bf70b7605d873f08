import { suppressionValid } from '../suppression-valid';
import { Rule } from '../rule';

/** Rules about the catalogue's own annotations. */
export const CORE_RULES: Rule[] = [suppressionValid];
