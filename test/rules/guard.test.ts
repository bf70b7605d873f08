import { K8sObject } from '../../src/k8s/manifest';
import {
  NS, appContainer, batchContainer, compliantSet, cronJob, deployment, job, networkPolicy, podDisruptionBudget, resourceQuota,
} from '../fixtures';
import { auditAll, findingsOf, rulePaths } from '../helpers';

/*
 * The rules issue 15 added or tightened so that the rules are at least as strict as the
 * constructs, and read what kubectl reads: each with violating and compliant manifests.
 */

const errorRules = (objects: K8sObject[]) => auditAll(objects).findings.filter((f) => f.severity === 'error').map((f) => `${f.kind}/${f.name} ${f.rule} ${f.path}`);

describe('list-items and the lists kubectl unpacks', () => {
  const pod = (name: string, extra: Record<string, any> = {}) => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS },
    spec: { hostNetwork: true, containers: [{ ...appContainer(), securityContext: { privileged: true } }], ...extra },
  });

  test('the items of a List are checked as the objects kubectl applies, with the path of each item', () => {
    const list = { apiVersion: 'v1', kind: 'List', metadata: {}, items: [pod('a')] };
    const found = errorRules([...compliantSet(), list]);
    expect(found).toEqual(expect.arrayContaining([
      'Pod/a no-bare-pod items[0].kind',
      'Pod/a no-host-network items[0].spec.hostNetwork',
      'Pod/a no-privileged items[0].spec.containers[0].securityContext.privileged',
    ]));
    // The List itself is no object of the cluster: no rule about namespaces or metadata judges it.
    expect(found.filter((f) => f.startsWith('List/'))).toEqual([]);
  });

  test('a kind-less item of a PodList is a Pod of the list\'s apiVersion, as apimachinery decodes it', () => {
    const { apiVersion: _a, kind: _k, ...bare } = pod('kindless');
    const list = { apiVersion: 'v1', kind: 'PodList', metadata: {}, items: [bare] };
    expect(errorRules([...compliantSet(), list])).toEqual(expect.arrayContaining(['Pod/kindless no-bare-pod items[0].kind', 'Pod/kindless no-host-network items[0].spec.hostNetwork']));
    expect(findingsOf('list-items', [list])).toEqual([]);
  });

  test('a List inside a List is flattened, and any object with items is read both ways', () => {
    const nested = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'List', items: [pod('deep')] }] };
    expect(errorRules([...compliantSet(), nested])).toContain('Pod/deep no-host-network items[0].items[0].spec.hostNetwork');
    // kubectl decodes any object with `items` as a list; another tool may apply it as it is.
    const odd = { apiVersion: 'example.com/v1', kind: 'Bundle', metadata: { name: 'b', namespace: NS }, items: [pod('inside')] };
    expect(errorRules([...compliantSet(), odd])).toContain('Pod/inside no-host-network items[0].spec.hostNetwork');
  });

  test('items kubectl cannot read are refused', () => {
    const v = findingsOf('list-items', [
      { apiVersion: 'v1', kind: 'List', items: [{ metadata: { name: 'no-kind' } }, 'a string', { apiVersion: 'v1', metadata: {} }] },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: NS }, items: { a: 1 } },
    ]);
    expect(v.map((f) => [f.path, f.message])).toEqual([
      ['items[0].kind', 'items[0] has no kind (a "List" gives its items none), so kubectl cannot apply it'],
      ['items[1]', 'items[1] is a string, not an object'],
      ['items[2].kind', 'items[2] has no kind, so kubectl cannot apply it'],
      ['items', '`items` is a map: kubectl reads an object with `items` as a list, and cannot read these items'],
    ]);
    expect(findingsOf('list-items', [{ apiVersion: 'v1', kind: 'List', items: [] }, compliantSet()[0]])).toEqual([]);
  });
});

describe('field-types (hard core)', () => {
  test('security fields of the wrong type: a string for a boolean, a string for a user id', () => {
    const d = deployment();
    d.spec.template.spec.hostNetwork = 'true';
    d.spec.template.spec.securityContext.runAsUser = '0';
    d.spec.template.spec.containers[0].securityContext.privileged = 1;
    expect(findingsOf('field-types', [d]).map((f) => [f.path, f.message])).toEqual([
      ['spec.template.spec.hostNetwork', 'hostNetwork of the pod is the string "true", not a boolean: the API server refuses it'],
      ['spec.template.spec.securityContext.runAsUser', 'runAsUser of the pod is the string "0", not a whole number: the API server refuses it'],
      ['spec.template.spec.containers[0].securityContext.privileged', 'privileged of container "app" is 1 (number), not a boolean: the API server refuses it'],
    ]);
    expect(findingsOf('field-types', compliantSet())).toEqual([]);
  });
});

describe('object-typed', () => {
  test('an apiVersion or kind that is no string, metadata that is no map, a name that is no string', () => {
    const v = findingsOf('object-typed', [
      { apiVersion: 'v1', kind: [{}], metadata: { name: 'a' } } as never,
      { apiVersion: '', kind: 'ConfigMap', metadata: 'x' } as never,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 7 } } as never,
    ]);
    expect(v.map((f) => [f.path, f.message])).toEqual([
      ['kind', 'kind is [{}], not the name of a kind'],
      ['apiVersion', 'apiVersion is "", not the name of a group and version'],
      ['metadata', 'metadata is "x", not a map'],
      ['metadata.name', 'metadata.name is 7, not a name'],
    ]);
    expect(findingsOf('object-typed', compliantSet())).toEqual([]);
  });
});

describe('pod templates in custom resources', () => {
  const badSpec = () => ({
    securityContext: { runAsNonRoot: false, runAsUser: 0 },
    containers: [{ name: 'app', image: 'nginx:latest', securityContext: { privileged: true } }],
  });

  test('an Argo Rollout: privileged, root, latest, one replica', () => {
    const rollout = {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'r', namespace: NS },
      spec: { replicas: 1, template: { metadata: { labels: { app: 'r' } }, spec: badSpec() } },
    };
    const found = rulePaths(auditAll([rollout]).findings.filter((f) => f.severity === 'error'));
    expect(found).toEqual(expect.arrayContaining([
      ['no-privileged', 'spec.template.spec.containers[0].securityContext.privileged'],
      ['run-as-non-root', 'spec.template.spec.securityContext.runAsNonRoot'],
      ['image-not-latest', 'spec.template.spec.containers[0].image'],
      ['minimum-replicas', 'spec.replicas'],
      ['readiness-probe', 'spec.template.spec.containers[0].readinessProbe'],
    ]));
  });

  test('an Argo Workflow: each template\'s container, and the workflow\'s deadline', () => {
    const workflow = {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'w', namespace: NS },
      spec: {
        entrypoint: 'main',
        hostNetwork: true,
        templates: [
          { name: 'main', steps: [[{ name: 's', template: 'work' }]] },
          { name: 'work', container: { image: 'registry.example.com/shop/tools:2.0.1', securityContext: { privileged: true } } },
          { name: 'script', script: { image: 'python:3.12.1-slim', source: 'print(1)' } },
        ],
      },
    };
    const found = rulePaths(auditAll([workflow]).findings.filter((f) => f.severity === 'error'));
    expect(found).toEqual(expect.arrayContaining([
      ['no-privileged', 'spec.templates[1].container.securityContext.privileged'],
      ['no-host-network', 'spec.templates[1].hostNetwork'],
      ['job-active-deadline', 'spec.activeDeadlineSeconds'],
      ['cpu-request', 'spec.templates[2].script.resources.requests.cpu'],
    ]));
    // The steps template runs no pod.
    expect(found.filter(([, p]) => p.startsWith('spec.templates[0]'))).toEqual([]);
  });

  test('a KEDA ScaledJob: its job spec is bounded like a Job\'s', () => {
    const scaled = {
      apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledJob', metadata: { name: 's', namespace: NS },
      spec: { jobTargetRef: { template: { spec: { hostPID: true, restartPolicy: 'Never', containers: [batchContainer('s')] } } } },
    };
    const found = rulePaths(auditAll([scaled]).findings.filter((f) => f.severity === 'error'));
    expect(found).toEqual(expect.arrayContaining([
      ['no-host-pid', 'spec.jobTargetRef.template.spec.hostPID'],
      ['job-active-deadline', 'spec.jobTargetRef.activeDeadlineSeconds'],
      ['job-backoff-limit', 'spec.jobTargetRef.backoffLimit'],
    ]));
  });

  test('any pod spec in another custom resource gets the security baseline', () => {
    const cr = {
      apiVersion: 'example.com/v1', kind: 'Runner', metadata: { name: 'x', namespace: NS },
      spec: { workers: [{ template: { metadata: { labels: { a: 'b' } }, spec: badSpec() } }] },
    };
    const found = rulePaths(auditAll([cr]).findings.filter((f) => f.severity === 'error'));
    expect(found).toEqual(expect.arrayContaining([
      ['no-privileged', 'spec.workers[0].template.spec.containers[0].securityContext.privileged'],
      ['image-not-latest', 'spec.workers[0].template.spec.containers[0].image'],
    ]));
    // A pod spec we cannot place is not judged as a long-running service (no probes asked).
    expect(found.map(([r]) => r)).not.toContain('readiness-probe');
  });

  test('a Knative Service is no Service: the Service rules leave it alone, the pod rules do not', () => {
    const ksvc = {
      apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'k', namespace: NS },
      spec: { template: { spec: badSpec() } },
    };
    const rules = auditAll([ksvc]).findings.map((f) => f.rule);
    expect(rules).toContain('no-privileged');
    expect(rules).not.toContain('service-selector-matches');
    expect(rules).not.toContain('service-target-port');
  });
});

describe('job-active-deadline bounds and job-long-deadline', () => {
  const withDeadline = (seconds: number) => {
    const j = job();
    j.spec.activeDeadlineSeconds = seconds;
    return j;
  };

  test('more than 7 days bounds nothing: the hard core refuses it', () => {
    expect(findingsOf('job-active-deadline', [withDeadline(999999999)]).map((f) => f.message))
      .toEqual(['activeDeadlineSeconds is 999999999 (11574 days), more than 7 days: that bounds nothing']);
    expect(findingsOf('job-active-deadline', [withDeadline(7 * 86400)])).toEqual([]);
  });

  test('more than 24 hours needs a reasoned exception', () => {
    expect(findingsOf('job-long-deadline', [withDeadline(2 * 86400)]).map((f) => [f.path, f.message]))
      .toEqual([['spec.activeDeadlineSeconds', 'activeDeadlineSeconds is 172800 (48 hours), more than 24 hours']]);
    expect(findingsOf('job-long-deadline', [withDeadline(86400), cronJob()])).toEqual([]);
    const reasoned = withDeadline(2 * 86400);
    reasoned.metadata!.annotations = { 'cdk8s-prod.io/suppress.job-long-deadline': 'The nightly reindex of the archive takes up to two days.' };
    expect(auditAll([reasoned]).findings.filter((f) => f.rule === 'job-long-deadline')).toEqual([]);
  });
});

describe('network-policy-rules-bounded', () => {
  test('an entry with no ports, or neither peers nor ports, or a port entry without a port', () => {
    const np = networkPolicy();
    np.spec.ingress = [{}, { from: [{ podSelector: {} }] }, { from: [{ podSelector: {} }], ports: [{ protocol: 'TCP' }] }];
    np.spec.egress = [{}];
    expect(findingsOf('network-policy-rules-bounded', [np]).map((f) => [f.path, f.message])).toEqual([
      ['spec.ingress[0]', 'ingress[0] lists neither peers nor ports, so it admits all incoming traffic'],
      ['spec.ingress[1].ports', 'ingress[1] lists no ports, so it admits every port of its peers'],
      ['spec.ingress[2].ports[0].port', 'ingress[2].ports[0] has no port, so it admits every port of its protocol'],
      ['spec.egress[0]', 'egress[0] lists neither peers nor ports, so it admits all outgoing traffic'],
    ]);
  });

  test('the fixtures\' policies, DNS egress without peers included, pass', () => {
    expect(findingsOf('network-policy-rules-bounded', compliantSet())).toEqual([]);
  });
});

describe('pdb-budget', () => {
  test('a PodDisruptionBudget without a budget', () => {
    const pdb = podDisruptionBudget();
    delete pdb.spec.maxUnavailable;
    delete pdb.spec.minAvailable;
    expect(findingsOf('pdb-budget', [pdb]).map((f) => f.message)).toEqual(['the PodDisruptionBudget sets neither maxUnavailable nor minAvailable']);
    expect(findingsOf('pdb-budget', [podDisruptionBudget()])).toEqual([]);
  });
});

describe('resource-quota-hard', () => {
  test('no hard limits, missing resources, a value that is no quantity', () => {
    const none = resourceQuota();
    delete none.spec.hard;
    const partial = resourceQuota();
    partial.spec.hard = { cpu: '2', pods: 'ten' };
    expect(findingsOf('resource-quota-hard', [none]).map((f) => f.message)).toEqual(['the ResourceQuota sets no hard limits, so it bounds nothing']);
    expect(findingsOf('resource-quota-hard', [partial]).map((f) => [f.path, f.message])).toEqual([
      ['spec.hard["requests.memory"]', 'spec.hard sets no requests.memory'],
      ['spec.hard["limits.memory"]', 'spec.hard sets no limits.memory'],
      ['spec.hard.pods', 'spec.hard.pods is "ten", not a quantity'],
    ]);
  });

  test('the fixture\'s quota, and a scoped quota beside it, pass', () => {
    const scoped = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'best-effort', namespace: NS }, spec: { hard: { pods: '2' }, scopes: ['BestEffort'] } };
    expect(findingsOf('resource-quota-hard', [resourceQuota(), scoped])).toEqual([]);
  });
});

describe('unique-object-identity', () => {
  test('two objects with one identity: both flagged; other versions of the group count as the same object', () => {
    const a = deployment();
    const b = deployment();
    b.apiVersion = 'apps/v1beta2';
    expect(findingsOf('unique-object-identity', [a, b]).map((f) => f.message)).toEqual([
      '2 objects are Deployment/web in namespace shop (apps/v1); the cluster keeps one of them',
      '2 objects are Deployment/web in namespace shop (apps/v1beta2); the cluster keeps one of them',
    ]);
  });

  test('the same name in another namespace, kind or group is another object', () => {
    const other = deployment();
    other.metadata!.namespace = 'other';
    const svc = { ...deployment(), apiVersion: 'example.com/v1' };
    expect(findingsOf('unique-object-identity', [...compliantSet(), other, svc])).toEqual([]);
  });
});

describe('namespace-not-default: the reserved namespaces', () => {
  test.each(['default', 'kube-system', 'kube-public', 'kube-node-lease'])('%s', (ns) => {
    const d = deployment();
    d.metadata!.namespace = ns;
    expect(findingsOf('namespace-not-default', [d]).map((f) => f.message)).toEqual([`the Deployment is in the reserved "${ns}" namespace`]);
    const namespaceObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } };
    expect(findingsOf('namespace-not-default', [namespaceObject]).map((f) => f.message)).toEqual([`the Namespace is the reserved "${ns}", which belongs to the cluster`]);
  });
});

describe('apparmor-confined and selinux-restricted (hard core)', () => {
  test('an unconfined AppArmor annotation or profile', () => {
    const d = deployment();
    d.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' };
    d.spec.template.spec.securityContext.appArmorProfile = { type: 'Unconfined' };
    expect(findingsOf('apparmor-confined', [d]).map((f) => [f.path, f.message])).toEqual([
      ['spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]', 'the AppArmor annotation for container "app" is "unconfined", which lifts the runtime\'s confinement'],
      ['spec.template.spec.securityContext.appArmorProfile.type', 'the pod\'s AppArmor profile is Unconfined'],
    ]);
    const fine = deployment();
    fine.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default' };
    fine.spec.template.spec.containers[0].securityContext.appArmorProfile = { type: 'Localhost', localhostProfile: 'web' };
    expect(findingsOf('apparmor-confined', [fine])).toEqual([]);
  });

  test('a custom SELinux user, role or type', () => {
    const d = deployment();
    d.spec.template.spec.securityContext.seLinuxOptions = { user: 'system_u', type: 'spc_t' };
    d.spec.template.spec.containers[0].securityContext.seLinuxOptions = { role: 'sysadm_r' };
    expect(findingsOf('selinux-restricted', [d]).map((f) => f.message)).toEqual([
      'the pod sets the SELinux user "system_u"',
      'the pod sets the SELinux type "spc_t"',
      'container "app" sets the SELinux role "sysadm_r"',
    ]);
    const fine = deployment();
    fine.spec.template.spec.securityContext.seLinuxOptions = { type: 'container_t', level: 's0:c123,c456' };
    expect(findingsOf('selinux-restricted', [fine])).toEqual([]);
  });
});

describe('pid1-init is an error for any workload', () => {
  test('a raw Deployment whose image runs as PID 1 without an init', () => {
    const d = deployment();
    delete d.spec.template.spec.shareProcessNamespace;
    const [f] = findingsOf('pid1-init', [d]);
    expect(f).toMatchObject({ severity: 'error', path: 'spec.template.spec.containers[0].command' });
    expect(findingsOf('pid1-init', [deployment()])).toEqual([]);
  });
});

describe('image-moving-tag and image-digest-required', () => {
  const withImage = (image: string) => {
    const d = deployment();
    d.spec.template.spec.containers[0].image = image;
    return d;
  };

  test('latest in any case is latest', () => {
    expect(findingsOf('image-not-latest', [withImage('nginx:LATEST')]).map((f) => f.message))
      .toEqual(['the image of container "app" is not pinned: "nginx:LATEST" uses the "LATEST" tag, which does not say which version runs']);
  });

  test.each([
    ['nginx:stable', 'moves with "stable"'],
    ['node:lts-alpine', 'moves with "lts"'],
    ['python:3.12-rc', 'moves with "rc"'],
    ['debian:bookworm', 'names no version'],
    ['gcr.io/distroless/static-debian12:nonroot', 'names no version'],
  ])('%s is a moving tag', (image, why) => {
    const [f] = findingsOf('image-moving-tag', [withImage(image)]);
    expect(f.message).toContain(`which ${why}: it is pushed again as new builds arrive`);
  });

  test('tags that name a build, and digests, are not moving', () => {
    for (const image of ['nginx:1.27.3-alpine', 'registry.example.com/shop/web:1.4.2', 'web:2024.05.01', 'web:git-3f9a2c1',
      `gcr.io/distroless/static-debian12:nonroot@sha256:${'a'.repeat(64)}`]) {
      expect(findingsOf('image-moving-tag', [withImage(image)])).toEqual([]);
    }
  });

  test('digests are required only when the audit asks', () => {
    const { audit } = require('../../src/engine/audit') as typeof import('../../src/engine/audit');
    const { CATALOGUE } = require('../../src/catalogue') as typeof import('../../src/catalogue');
    const rule = CATALOGUE.find((r) => r.id === 'image-digest-required')!;
    const d = withImage('registry.example.com/shop/web:1.4.2');
    expect(findingsOf('image-digest-required', [d])).toEqual([]);
    expect(audit([{ object: d }], [rule]).findings).toEqual([]);
    expect(audit([{ object: d }], [rule], { requireImageDigests: true }).findings.map((f) => f.message))
      .toEqual(['the image of container "app" ("registry.example.com/shop/web:1.4.2") has no digest']);
    expect(audit([{ object: withImage(`registry.example.com/shop/web:1.4.2@sha256:${'b'.repeat(64)}`) }], [rule], { requireImageDigests: true }).findings).toEqual([]);
  });
});

describe('the compliant fixture system meets every new rule', () => {
  test('no finding, so nothing already compliant is refused', () => {
    expect(auditAll(compliantSet()).findings).toEqual([]);
  });
});
