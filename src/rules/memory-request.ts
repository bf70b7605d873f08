import { requiredQuantity } from './_resources';
import { containerRule } from '../engine/rule';

export const memoryRequest = containerRule({
  id: 'memory-request',
  pack: 'resources',
  title: 'Containers request memory',
  severity: 'error',
  pattern: 10,
  description: 'Without a memory request the scheduler overcommits the node, and the container is among the first evicted when the node runs short of memory.',
  workloads: 'all',
  containers: 'all',
  equivalents: { kubeLinter: ['unset-memory-requirements'], polaris: ['memoryRequestsMissing'], kyverno: ['require-requests-limits'] },
  remediation: 'Set resources.requests.memory to the working set under normal load (e.g. "128Mi"); ProductionDeployment and BoundedJob require it.',
  suppressible: true,
  check: (c) => requiredQuantity(c, 'requests', 'memory'),
});
