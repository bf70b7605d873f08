import { requiredQuantity } from './_resources';
import { containerRule } from '../engine/rule';

export const memoryLimit = containerRule({
  id: 'memory-limit',
  pack: 'resources',
  title: 'Containers have a memory limit',
  severity: 'error',
  pattern: 10,
  description: 'A container without a memory limit can take the whole node\'s memory, and the kernel then kills other pods; with a limit only the hog is OOMKilled.',
  workloads: 'all',
  containers: 'all',
  equivalents: { kubeLinter: ['unset-memory-requirements'], polaris: ['memoryLimitsMissing'], kyverno: ['require-requests-limits'] },
  remediation: 'Set resources.limits.memory at or above the memory request (e.g. "256Mi"), with headroom over the peak working set; ProductionDeployment and BoundedJob require it.',
  suppressible: true,
  check: (c) => requiredQuantity(c, 'limits', 'memory'),
});
