import { noBarePod } from '../no-bare-pod';
import { readOnlyRootFilesystem } from '../read-only-root-filesystem';
import { Rule } from '../rule';

/** Pod and container security: PSS restricted and host isolation. */
export const SECURITY_RULES: Rule[] = [noBarePod, readOnlyRootFilesystem];
