import { getIn } from '../k8s/manifest';
import { containerRule, describeContainer } from '../engine/rule';

export const dropAllCapabilities = containerRule({
  id: 'drop-all-capabilities',
  pack: 'pod-security',
  title: 'Containers drop all capabilities',
  severity: 'error',
  pattern: null,
  description: 'The runtime\'s default capability set (NET_RAW, CHOWN, SETUID and more) is more than an application needs; dropping ALL leaves only what is added back explicitly.',
  equivalents: {
    kubeLinter: ['drop-net-raw-capability'],
    polaris: ['insecureCapabilities'],
    kyverno: ['require-drop-all'],
    pss: ['restricted:capabilities'],
  },
  remediation: 'Set securityContext.capabilities.drop: ["ALL"] on every container and init container (add back NET_BIND_SERVICE only if the process binds a port below 1024); ProductionDeployment, BoundedJob and BoundedCronJob set it.',
  suppressible: true,
  check: (c) => {
    const path = [...c.path, 'securityContext', 'capabilities', 'drop'];
    const drop = getIn(c.container, ['securityContext', 'capabilities', 'drop']);
    if (Array.isArray(drop) && drop.includes('ALL')) return [];
    return [{
      path,
      message: drop === undefined
        ? `${describeContainer(c)} drops no capabilities, so it keeps the runtime's default set`
        : `${describeContainer(c)} drops ${JSON.stringify(drop)}, not ALL`,
    }];
  },
});
