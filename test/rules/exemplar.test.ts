import { job, cronJob, compliantSet, deployment, podDisruptionBudget } from '../fixtures';
import { findingsOf, rulePaths } from '../helpers';

describe('no-bare-pod', () => {
  test('flags a Pod', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: deployment().spec.template.spec };
    expect(rulePaths(findingsOf('no-bare-pod', [pod]))).toEqual([['no-bare-pod', 'kind']]);
  });
  test('passes controllers', () => {
    expect(findingsOf('no-bare-pod', compliantSet())).toEqual([]);
  });
});

describe('read-only-root-filesystem', () => {
  test('flags a container without it, and an init container', () => {
    const d = deployment();
    delete d.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem;
    d.spec.template.spec.initContainers = [{ ...d.spec.template.spec.containers[0], name: 'init', securityContext: { readOnlyRootFilesystem: false } }];
    expect(rulePaths(findingsOf('read-only-root-filesystem', [d]))).toEqual([
      ['read-only-root-filesystem', 'spec.template.spec.initContainers[0].securityContext.readOnlyRootFilesystem'],
      ['read-only-root-filesystem', 'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem'],
    ]);
  });
  test('passes the compliant set', () => {
    expect(findingsOf('read-only-root-filesystem', compliantSet())).toEqual([]);
  });
});

describe('job-active-deadline', () => {
  test('flags a Job and a CronJob template without a deadline', () => {
    const j = job(); delete j.spec.activeDeadlineSeconds;
    const c = cronJob(); c.spec.jobTemplate.spec.activeDeadlineSeconds = 0;
    expect(rulePaths(findingsOf('job-active-deadline', [j, c]))).toEqual([
      ['job-active-deadline', 'spec.activeDeadlineSeconds'],
      ['job-active-deadline', 'spec.jobTemplate.spec.activeDeadlineSeconds'],
    ]);
  });
  test('passes bounded jobs', () => {
    expect(findingsOf('job-active-deadline', compliantSet())).toEqual([]);
  });
});

describe('pdb-required', () => {
  test('flags a 3-replica Deployment with no PDB selecting it', () => {
    const objs = compliantSet().filter((o) => o.kind !== 'PodDisruptionBudget');
    expect(rulePaths(findingsOf('pdb-required', objs))).toEqual([['pdb-required', 'spec.template.metadata.labels']]);
  });
  test('a PDB in another namespace does not count', () => {
    const pdb = podDisruptionBudget(); pdb.metadata!.namespace = 'other';
    const objs = [deployment(), pdb];
    expect(findingsOf('pdb-required', objs)).toHaveLength(1);
  });
  test('a single replica needs no PDB; the compliant set passes', () => {
    const d = deployment(); d.spec.replicas = 1;
    expect(findingsOf('pdb-required', [d])).toEqual([]);
    expect(findingsOf('pdb-required', compliantSet())).toEqual([]);
  });
});

describe('cluster-scoped-namespace', () => {
  test('flags a Namespace that names a namespace', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', namespace: 'shop' } };
    expect(rulePaths(findingsOf('cluster-scoped-namespace', [ns]))).toEqual([['cluster-scoped-namespace', 'metadata.namespace']]);
  });
  test('passes namespaced kinds with a namespace and the compliant set', () => {
    expect(findingsOf('cluster-scoped-namespace', compliantSet())).toEqual([]);
  });
});

describe('cluster scope of custom kinds', () => {
  test('a Cluster* custom kind is cluster-scoped: no namespace needed, none allowed', () => {
    const policy = { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'p' } };
    expect(findingsOf('namespace-not-default', [policy])).toEqual([]);
    expect(rulePaths(findingsOf('cluster-scoped-namespace', [{ ...policy, metadata: { name: 'p', namespace: 'x' } }])))
      .toEqual([['cluster-scoped-namespace', 'metadata.namespace']]);
  });
});

describe('suppression-valid', () => {
  const annotate = (annotations: Record<string, string>) => {
    const d = deployment();
    d.metadata!.annotations = annotations;
    return d;
  };
  test('flags unknown rules, hard-core rules and placeholder reasons', () => {
    const d = annotate({
      'cdk8s-prod.io/suppress.no-such-rule': 'A reason that is long enough to count.',
      'cdk8s-prod.io/suppress.no-host-pid': 'The node exporter needs to see host processes.',
      'cdk8s-prod.io/suppress.cpu-limit': 'TODO',
      'unrelated.example.com/annotation': 'x',
    });
    expect(findingsOf('suppression-valid', [d]).map((f) => [f.path, f.message])).toEqual([
      ['metadata.annotations["cdk8s-prod.io/suppress.no-such-rule"]', 'suppresses "no-such-rule", which is not a rule of the catalogue'],
      ['metadata.annotations["cdk8s-prod.io/suppress.no-host-pid"]', 'rule "no-host-pid" belongs to the hard core and cannot be suppressed'],
      ['metadata.annotations["cdk8s-prod.io/suppress.cpu-limit"]', 'the suppression of "cpu-limit" is not honoured: "TODO" is a placeholder, not a reason'],
    ]);
  });
  test('passes a reasoned suppression of a suppressible rule', () => {
    const d = annotate({ 'cdk8s-prod.io/suppress.cpu-limit': 'Latency-sensitive; throttling costs more than a noisy neighbour.' });
    expect(findingsOf('suppression-valid', [d])).toEqual([]);
    expect(findingsOf('suppression-valid', compliantSet())).toEqual([]);
  });
});
