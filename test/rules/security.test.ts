import { K8sObject } from '../../src/k8s/manifest';
import { batchContainer, compliantSet, cronJob, deployment, job, serviceAccount } from '../fixtures';
import { findingsOf, ruleById, rulePaths } from '../helpers';

const POD = 'spec.template.spec';
const C0 = `${POD}.containers[0]`;
const CRON_POD = 'spec.jobTemplate.spec.template.spec';

function statefulSet(): K8sObject {
  const s = deployment();
  s.kind = 'StatefulSet';
  delete s.spec.strategy;
  s.spec.serviceName = 'web';
  return s;
}

function daemonSet(): K8sObject {
  const d = deployment();
  d.kind = 'DaemonSet';
  delete d.spec.strategy;
  delete d.spec.replicas;
  return d;
}

/** A deployment with a compliant init container in front of the app container. */
function withInit(): K8sObject {
  const d = deployment();
  d.spec.template.spec.initContainers = [batchContainer('init')];
  return d;
}

describe('rule metadata', () => {
  test.each([
    ['run-as-non-root', false], ['run-as-user-numeric', true], ['no-privilege-escalation', false],
    ['no-privileged', false], ['drop-all-capabilities', true], ['no-added-capabilities', true],
    ['seccomp-profile', true], ['no-host-network', false], ['no-host-pid', false], ['no-host-ipc', false],
    ['no-host-path', true], ['no-host-port', true], ['automount-service-account-token', true],
    ['dedicated-service-account', true],
  ])('%s is an error, suppressible=%s, no pattern', (id, suppressible) => {
    const r = ruleById(id);
    expect(r.severity).toBe('error');
    expect(r.suppressible).toBe(suppressible);
    expect(r.pattern).toBeNull();
  });
});

describe('run-as-non-root', () => {
  test('a container override of the pod\'s runAsNonRoot: true is flagged at the container', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].securityContext.runAsNonRoot = false;
    const f = findingsOf('run-as-non-root', [d]);
    expect(rulePaths(f)).toEqual([['run-as-non-root', `${C0}.securityContext.runAsNonRoot`]]);
    expect(f[0].message).toBe('container "app" runs with runAsNonRoot false, so it may run as root');
  });

  test('pod-level false inherited by a container is flagged at the pod; missing everywhere at the container', () => {
    const d = deployment();
    delete d.spec.template.spec.containers[0].securityContext.runAsNonRoot;
    d.spec.template.spec.securityContext.runAsNonRoot = false;
    const s = statefulSet();
    delete s.spec.template.spec.containers[0].securityContext.runAsNonRoot;
    delete s.spec.template.spec.securityContext.runAsNonRoot;
    expect(rulePaths(findingsOf('run-as-non-root', [d, s]))).toEqual([
      ['run-as-non-root', `${POD}.securityContext.runAsNonRoot`],
      ['run-as-non-root', `${C0}.securityContext.runAsNonRoot`],
    ]);
  });

  test('user 0 and group 0 are separate violations where they are set, init containers included', () => {
    const d = withInit();
    d.spec.template.spec.securityContext.runAsUser = 0;
    d.spec.template.spec.initContainers[0].securityContext.runAsGroup = 0;
    expect(rulePaths(findingsOf('run-as-non-root', [d]))).toEqual([
      ['run-as-non-root', `${POD}.securityContext.runAsUser`],
      ['run-as-non-root', `${POD}.initContainers[0].securityContext.runAsGroup`],
    ]);
  });

  test('CronJob init container running as root', () => {
    const c = cronJob();
    c.spec.jobTemplate.spec.template.spec.initContainers = [{ ...batchContainer('init'), securityContext: { ...batchContainer('x').securityContext, runAsUser: 0 } }];
    expect(rulePaths(findingsOf('run-as-non-root', [c]))).toEqual([
      ['run-as-non-root', `${CRON_POD}.initContainers[0].securityContext.runAsUser`],
    ]);
  });

  test('a container may override a root pod user with a non-root one; the compliant set passes', () => {
    const d = deployment();
    d.spec.template.spec.securityContext.runAsUser = 0;
    d.spec.template.spec.containers[0].securityContext.runAsUser = 1000;
    expect(rulePaths(findingsOf('run-as-non-root', [d, withInit(), statefulSet()]))).toEqual([]);
    expect(findingsOf('run-as-non-root', compliantSet())).toEqual([]);
  });
});

describe('run-as-user-numeric', () => {
  test('flags a missing user and a named group', () => {
    const d = deployment();
    delete d.spec.template.spec.securityContext.runAsUser;
    d.spec.template.spec.containers[0].securityContext.runAsGroup = 'app';
    const f = findingsOf('run-as-user-numeric', [d]);
    expect(rulePaths(f)).toEqual([
      ['run-as-user-numeric', `${C0}.securityContext.runAsUser`],
      ['run-as-user-numeric', `${C0}.securityContext.runAsGroup`],
    ]);
    expect(f[1].message).toBe('container "app" has runAsGroup "app", not a positive numeric group id');
  });

  test('flags non-integers and negatives on a StatefulSet init container, at the pod when inherited', () => {
    const s = statefulSet();
    s.spec.template.spec.initContainers = [{ ...batchContainer('init'), securityContext: { ...batchContainer('x').securityContext, runAsUser: 1000.5 } }];
    s.spec.template.spec.securityContext.runAsGroup = -1;
    expect(rulePaths(findingsOf('run-as-user-numeric', [s]))).toEqual([
      ['run-as-user-numeric', `${POD}.initContainers[0].securityContext.runAsUser`],
      ['run-as-user-numeric', `${POD}.securityContext.runAsGroup`],
    ]);
  });

  test('does not report 0 (run-as-non-root does); the compliant set passes', () => {
    const d = deployment();
    d.spec.template.spec.securityContext.runAsUser = 0;
    d.spec.template.spec.securityContext.runAsGroup = 0;
    expect(findingsOf('run-as-user-numeric', [d])).toEqual([]);
    expect(findingsOf('run-as-user-numeric', compliantSet())).toEqual([]);
  });
});

describe('no-privilege-escalation', () => {
  test('flags unset and true, on containers and init containers of a DaemonSet', () => {
    const d = daemonSet();
    d.spec.template.spec.initContainers = [batchContainer('init')];
    d.spec.template.spec.initContainers[0].securityContext.allowPrivilegeEscalation = true;
    delete d.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation;
    const f = findingsOf('no-privilege-escalation', [d]);
    expect(rulePaths(f)).toEqual([
      ['no-privilege-escalation', `${POD}.initContainers[0].securityContext.allowPrivilegeEscalation`],
      ['no-privilege-escalation', `${C0}.securityContext.allowPrivilegeEscalation`],
    ]);
    expect(f[0].message).toBe('init container "init" has allowPrivilegeEscalation true');
  });

  test('a container without a securityContext at all (or an odd one) is flagged, not crashed on', () => {
    const j = job();
    j.spec.template.spec.containers[0].securityContext = 'nope';
    expect(rulePaths(findingsOf('no-privilege-escalation', [j]))).toEqual([
      ['no-privilege-escalation', `${POD}.containers[0].securityContext.allowPrivilegeEscalation`],
    ]);
  });

  test('explicit false passes; the compliant set passes', () => {
    expect(findingsOf('no-privilege-escalation', [withInit(), daemonSet()])).toEqual([]);
    expect(findingsOf('no-privilege-escalation', compliantSet())).toEqual([]);
  });
});

describe('no-privileged', () => {
  test('flags privileged containers and init containers (CronJob)', () => {
    const c = cronJob();
    c.spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged = true;
    c.spec.jobTemplate.spec.template.spec.initContainers = [{ ...batchContainer('init'), securityContext: { privileged: true } }];
    expect(rulePaths(findingsOf('no-privileged', [c]))).toEqual([
      ['no-privileged', `${CRON_POD}.initContainers[0].securityContext.privileged`],
      ['no-privileged', `${CRON_POD}.containers[0].securityContext.privileged`],
    ]);
  });

  test('false or unset passes; the compliant set passes', () => {
    const d = deployment();
    delete d.spec.template.spec.containers[0].securityContext.privileged;
    expect(findingsOf('no-privileged', [d, withInit()])).toEqual([]);
    expect(findingsOf('no-privileged', compliantSet())).toEqual([]);
  });
});

describe('drop-all-capabilities', () => {
  test('flags a missing drop list and one without ALL, init containers included', () => {
    const d = withInit();
    delete d.spec.template.spec.containers[0].securityContext.capabilities;
    d.spec.template.spec.initContainers[0].securityContext.capabilities = { drop: ['NET_RAW'] };
    const f = findingsOf('drop-all-capabilities', [d]);
    expect(rulePaths(f)).toEqual([
      ['drop-all-capabilities', `${POD}.initContainers[0].securityContext.capabilities.drop`],
      ['drop-all-capabilities', `${C0}.securityContext.capabilities.drop`],
    ]);
    expect(f[0].message).toBe('init container "init" drops ["NET_RAW"], not ALL');
  });

  test('ALL among others passes; the compliant set passes', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].securityContext.capabilities.drop = ['NET_RAW', 'ALL'];
    expect(findingsOf('drop-all-capabilities', [d])).toEqual([]);
    expect(findingsOf('drop-all-capabilities', compliantSet())).toEqual([]);
  });
});

describe('no-added-capabilities', () => {
  test('flags each added capability other than NET_BIND_SERVICE', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE', 'SYS_ADMIN', 'NET_RAW'];
    const f = findingsOf('no-added-capabilities', [d]);
    expect(rulePaths(f)).toEqual([
      ['no-added-capabilities', `${C0}.securityContext.capabilities.add[1]`],
      ['no-added-capabilities', `${C0}.securityContext.capabilities.add[2]`],
    ]);
    expect(f[0].message).toBe('container "app" adds capability "SYS_ADMIN"');
  });

  test('flags a non-list add on a Job init container', () => {
    const j = job();
    j.spec.template.spec.initContainers = [{ ...batchContainer('init'), securityContext: { capabilities: { add: 'SYS_PTRACE' } } }];
    expect(rulePaths(findingsOf('no-added-capabilities', [j]))).toEqual([
      ['no-added-capabilities', `${POD}.initContainers[0].securityContext.capabilities.add`],
    ]);
  });

  test('NET_BIND_SERVICE alone passes; the compliant set passes', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE'];
    expect(findingsOf('no-added-capabilities', [d])).toEqual([]);
    expect(findingsOf('no-added-capabilities', compliantSet())).toEqual([]);
  });
});

describe('seccomp-profile', () => {
  test('a missing profile is flagged per container; an Unconfined override at the container', () => {
    const d = withInit();
    delete d.spec.template.spec.securityContext.seccompProfile;
    const s = statefulSet();
    s.spec.template.spec.containers[0].securityContext.seccompProfile = { type: 'Unconfined' };
    const f = findingsOf('seccomp-profile', [d, s]);
    expect(rulePaths(f)).toEqual([
      ['seccomp-profile', `${POD}.initContainers[0].securityContext.seccompProfile.type`],
      ['seccomp-profile', `${C0}.securityContext.seccompProfile.type`],
      ['seccomp-profile', `${C0}.securityContext.seccompProfile.type`],
    ]);
    expect(f[2].message).toBe('container "app" runs with seccomp profile type "Unconfined"');
  });

  test('a pod-level Unconfined profile is flagged at the pod (CronJob)', () => {
    const c = cronJob();
    c.spec.jobTemplate.spec.template.spec.securityContext.seccompProfile = { type: 'Unconfined' };
    expect(rulePaths(findingsOf('seccomp-profile', [c]))).toEqual([
      ['seccomp-profile', `${CRON_POD}.securityContext.seccompProfile.type`],
    ]);
  });

  test('a container Localhost profile satisfies it without a pod profile; the compliant set passes', () => {
    const d = deployment();
    delete d.spec.template.spec.securityContext.seccompProfile;
    d.spec.template.spec.containers[0].securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/app.json' };
    expect(findingsOf('seccomp-profile', [d])).toEqual([]);
    expect(findingsOf('seccomp-profile', compliantSet())).toEqual([]);
  });
});

describe('host namespaces', () => {
  test('no-host-network flags hostNetwork: true', () => {
    const d = deployment(); d.spec.template.spec.hostNetwork = true;
    const f = findingsOf('no-host-network', [d]);
    expect(rulePaths(f)).toEqual([['no-host-network', `${POD}.hostNetwork`]]);
    expect(f[0].message).toBe('the pod shares the node\'s network namespace (hostNetwork: true)');
  });

  test('no-host-pid flags hostPID: true on a DaemonSet', () => {
    const d = daemonSet(); d.spec.template.spec.hostPID = true;
    expect(rulePaths(findingsOf('no-host-pid', [d]))).toEqual([['no-host-pid', `${POD}.hostPID`]]);
  });

  test('no-host-ipc flags hostIPC: true on a CronJob', () => {
    const c = cronJob(); c.spec.jobTemplate.spec.template.spec.hostIPC = true;
    expect(rulePaths(findingsOf('no-host-ipc', [c]))).toEqual([['no-host-ipc', `${CRON_POD}.hostIPC`]]);
  });

  test.each(['no-host-network', 'no-host-pid', 'no-host-ipc'])('%s passes false and the compliant set', (id) => {
    const d = deployment();
    Object.assign(d.spec.template.spec, { hostNetwork: false, hostPID: false, hostIPC: false });
    expect(findingsOf(id, [d])).toEqual([]);
    expect(findingsOf(id, compliantSet())).toEqual([]);
  });
});

describe('no-host-path', () => {
  test('flags each hostPath volume', () => {
    const d = daemonSet();
    d.spec.template.spec.volumes.push(
      { name: 'docker', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } },
      { name: 'cache', emptyDir: {} },
      { name: 'etc', hostPath: { path: '/etc' } },
    );
    const f = findingsOf('no-host-path', [d]);
    expect(rulePaths(f)).toEqual([
      ['no-host-path', `${POD}.volumes[1].hostPath`],
      ['no-host-path', `${POD}.volumes[3].hostPath`],
    ]);
    expect(f[0].message).toBe('volume "docker" mounts the node\'s path "/var/run/docker.sock"');
  });

  test('emptyDir-only pods and odd volume lists pass; the compliant set passes', () => {
    const d = deployment(); d.spec.template.spec.volumes = 'none';
    expect(findingsOf('no-host-path', [d, deployment()])).toEqual([]);
    expect(findingsOf('no-host-path', compliantSet())).toEqual([]);
  });
});

describe('no-host-port', () => {
  test('flags each non-zero hostPort, init containers included', () => {
    const d = withInit();
    d.spec.template.spec.containers[0].ports = [
      { name: 'http', containerPort: 8080, hostPort: 80 },
      { name: 'metrics', containerPort: 9090, hostPort: 0 },
    ];
    d.spec.template.spec.initContainers[0].ports = [{ containerPort: 5000, hostPort: 5000 }];
    const f = findingsOf('no-host-port', [d]);
    expect(rulePaths(f)).toEqual([
      ['no-host-port', `${POD}.initContainers[0].ports[0].hostPort`],
      ['no-host-port', `${C0}.ports[0].hostPort`],
    ]);
    expect(f[1].message).toBe('container "app" binds host port 80');
  });

  test('no hostPort (or 0) passes; the compliant set passes', () => {
    const d = deployment(); d.spec.template.spec.containers[0].ports[0].hostPort = 0;
    expect(findingsOf('no-host-port', [d])).toEqual([]);
    expect(findingsOf('no-host-port', compliantSet())).toEqual([]);
  });
});

describe('automount-service-account-token', () => {
  const unsetOnPod = (): K8sObject => {
    const d = deployment();
    delete d.spec.template.spec.automountServiceAccountToken;
    return d;
  };

  test('flags an explicit true even when the ServiceAccount disables it', () => {
    const d = deployment(); d.spec.template.spec.automountServiceAccountToken = true;
    const f = findingsOf('automount-service-account-token', [d, serviceAccount('web')]);
    expect(rulePaths(f)).toEqual([['automount-service-account-token', `${POD}.automountServiceAccountToken`]]);
    expect(f[0].message).toBe('the pod sets automountServiceAccountToken true, so its containers get an API token');
  });

  test('flags an unset pod field when the ServiceAccount is missing, elsewhere, or does not disable it', () => {
    const elsewhere = serviceAccount('web'); elsewhere.metadata!.namespace = 'other';
    const enabling = serviceAccount('migrate'); delete enabling.automountServiceAccountToken;
    const j = job(); delete j.spec.template.spec.automountServiceAccountToken;
    const c = cronJob(); delete c.spec.jobTemplate.spec.template.spec.automountServiceAccountToken;
    expect(rulePaths(findingsOf('automount-service-account-token', [unsetOnPod(), elsewhere, j, enabling, c]))).toEqual([
      ['automount-service-account-token', `${POD}.automountServiceAccountToken`],
      ['automount-service-account-token', `${POD}.automountServiceAccountToken`],
      ['automount-service-account-token', `${CRON_POD}.automountServiceAccountToken`],
    ]);
  });

  test('accepts the ServiceAccount\'s false, including the "default" one when none is named', () => {
    const named = unsetOnPod();
    const anon = unsetOnPod(); anon.metadata!.name = 'anon'; delete anon.spec.template.spec.serviceAccountName;
    expect(findingsOf('automount-service-account-token', [named, serviceAccount('web'), anon, serviceAccount('default')])).toEqual([]);
    expect(findingsOf('automount-service-account-token', [anon, serviceAccount('web')])).toHaveLength(1);
  });

  test('the compliant set passes', () => {
    expect(findingsOf('automount-service-account-token', compliantSet())).toEqual([]);
  });
});

describe('dedicated-service-account', () => {
  test('flags a missing name, "default", and a deprecated serviceAccount: default', () => {
    const d = deployment(); delete d.spec.template.spec.serviceAccountName;
    const j = job(); j.spec.template.spec.serviceAccountName = 'default';
    const c = cronJob();
    delete c.spec.jobTemplate.spec.template.spec.serviceAccountName;
    c.spec.jobTemplate.spec.template.spec.serviceAccount = 'default';
    const f = findingsOf('dedicated-service-account', [d, j, c]);
    expect(rulePaths(f)).toEqual([
      ['dedicated-service-account', `${POD}.serviceAccountName`],
      ['dedicated-service-account', `${POD}.serviceAccountName`],
      ['dedicated-service-account', `${CRON_POD}.serviceAccount`],
    ]);
    expect(f[0].message).toBe('the pod names no ServiceAccount, so it runs as the namespace\'s "default"');
  });

  test('a dedicated name (also via the deprecated field) passes; the compliant set passes', () => {
    const d = deployment();
    delete d.spec.template.spec.serviceAccountName;
    d.spec.template.spec.serviceAccount = 'web';
    expect(findingsOf('dedicated-service-account', [d, statefulSet()])).toEqual([]);
    expect(findingsOf('dedicated-service-account', compliantSet())).toEqual([]);
  });
});
