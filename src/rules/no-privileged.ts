import { getIn } from '../k8s/manifest';
import { containerRule, describeContainer } from '../engine/rule';

export const noPrivileged = containerRule({
  id: 'no-privileged',
  title: 'No privileged containers',
  severity: 'error',
  pattern: null,
  description: 'A privileged container has every capability and every host device: it is root on the node.',
  equivalents: {
    kubeLinter: ['privileged-container'],
    polaris: ['runAsPrivileged'],
    kyverno: ['disallow-privileged-containers'],
    pss: ['baseline:privileged-containers'],
  },
  remediation: 'Remove securityContext.privileged (or set it to false); grant the one capability the process needs instead, if any.',
  suppressible: false,
  check: (c) => (getIn(c.container, ['securityContext', 'privileged']) === true
    ? [{ path: [...c.path, 'securityContext', 'privileged'], message: `${describeContainer(c)} runs privileged` }]
    : []),
});
