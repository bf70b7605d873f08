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
