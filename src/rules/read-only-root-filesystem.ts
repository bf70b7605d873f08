import { containerRule, describeContainer } from '../engine/rule';

export const readOnlyRootFilesystem = containerRule({
  id: 'read-only-root-filesystem',
  pack: 'runtime',
  title: 'Read-only root filesystem',
  severity: 'error',
  pattern: 6,
  description: 'Writes into the container layer are copy-on-write, slow, and lost on restart; an immutable container writes only to declared volumes.',
  equivalents: { kubeLinter: ['no-read-only-root-fs'], polaris: ['notReadOnlyRootFilesystem'] },
  remediation: 'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir (with a sizeLimit) at /tmp and at each path the process writes to.',
  suppressible: true,
  check: (c) => (c.container.securityContext?.readOnlyRootFilesystem === true
    ? []
    : [{ path: [...c.path, 'securityContext', 'readOnlyRootFilesystem'], message: `${describeContainer(c)} can write to its root filesystem` }]),
});
