import { requiredQuantity } from './_resources';
import { containerRule } from '../engine/rule';

export const cpuLimit = containerRule({
  id: 'cpu-limit',
  pack: 'resources',
  title: 'CPU limit is set, or deliberately left out',
  severity: 'warning',
  pattern: 10,
  description: 'CPU limits are contested: they bound a noisy neighbour but throttle a container even on an idle node. Either way it must be a decision, not an omission.',
  workloads: 'all',
  containers: 'all',
  equivalents: { polaris: ['cpuLimitsMissing'] },
  remediation: 'Either set resources.limits.cpu (at or above the CPU request, e.g. "500m"), or decide to run without one and record that by suppressing cpu-limit on the object with the reason (e.g. "latency-sensitive; CPU throttling costs more than a noisy neighbour").',
  suppressible: true,
  check: (c) => requiredQuantity(c, 'limits', 'cpu'),
});
