import * as fc from 'fast-check';
import { maybe } from './common';

/*
 * Requests and limits of CPU and memory in the quantity forms the API accepts, and scratch
 * volumes with and without a size limit.
 */

const cpu = fc.constantFrom('100m', '250m', '0.5', '1', '2', '1500m');
const memory = fc.constantFrom('64Mi', '128Mi', '256M', '1Gi', '0.5Gi', '1e9', '512Mi');

export const resources = fc.record({
  requests: maybe(fc.record({ cpu: maybe(cpu), memory: maybe(memory) }, { requiredKeys: [] })),
  limits: maybe(fc.record({ cpu: maybe(cpu, 2), memory: maybe(memory) }, { requiredKeys: [] })),
}, { requiredKeys: [] });

/** Volumes of a pod: scratch space, configuration, and the node's filesystem. */
export const volumes = fc.uniqueArray(fc.oneof(
  fc.record({ name: fc.constant('scratch'), emptyDir: fc.record({ sizeLimit: maybe(fc.constantFrom('64Mi', '1Gi')), medium: maybe(fc.constantFrom('', 'Memory')) }, { requiredKeys: [] }) }),
  fc.record({ name: fc.constant('tmp'), emptyDir: fc.record({ sizeLimit: maybe(fc.constantFrom('16Mi')) }, { requiredKeys: [] }) }),
  fc.record({ name: fc.constant('config'), configMap: fc.record({ name: fc.constant('web-config') }) }),
  fc.record({ name: fc.constant('logs'), hostPath: fc.record({ path: fc.constantFrom('/var/log', '/data'), type: maybe(fc.constantFrom('Directory', 'DirectoryOrCreate')) }, { requiredKeys: ['path'] }) }),
), { maxLength: 3, selector: (v) => v.name });
