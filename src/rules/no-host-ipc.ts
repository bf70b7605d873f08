import { podRule } from '../engine/rule';

export const noHostIpc = podRule({
  id: 'no-host-ipc',
  pack: 'pod-security',
  title: 'No host IPC namespace',
  severity: 'error',
  pattern: null,
  description: 'A pod in the host IPC namespace can read and write the shared memory and message queues of every process of the node.',
  equivalents: { kubeLinter: ['host-ipc'], polaris: ['hostIPCSet'], kyverno: ['disallow-host-namespaces'], pss: ['baseline:host-namespaces'] },
  remediation: 'Remove hostIPC from the pod spec (or set it to false); containers of one pod already share an IPC namespace.',
  suppressible: false,
  check: (pod) => (pod.spec.hostIPC === true
    ? [{ path: [...pod.specPath, 'hostIPC'], message: 'the pod shares the node\'s IPC namespace (hostIPC: true)' }]
    : []),
});
