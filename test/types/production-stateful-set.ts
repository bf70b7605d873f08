/*
 * Type tests of ProductionStatefulSet: the anti-patterns TypeScript can refuse do not compile.
 * Compiled by `tsc --noEmit -p .` in `npm test` and never run; each anti-pattern is one line
 * under a `// @ts-expect-error`, next to the compliant form that compiles.
 */
import { Chart } from 'cdk8s';
import { Probe, ProductionStatefulSet, ProductionStatefulSetProps, VolumeClaim } from '../../src';

const image = 'registry.example.com/shop/db:16.4';
const ports = [{ name: 'pg', port: 5432 }];
const liveness = Probe.tcp({ port: 'pg' });
const readiness = Probe.exec(['pg_isready', '--quiet']);
const data: VolumeClaim = { name: 'data', mountPath: '/var/lib/postgresql/data', size: '20Gi', storageClass: 'ssd' };
const claimRetention = { whenDeleted: 'Retain', whenScaled: 'Retain' } as const;

export function storageIsStated(chart: Chart): void {
  new ProductionStatefulSet(chart, 'ok', { image, ports, liveness, readiness, resources: 'medium', volumeClaims: [data], claimRetention });

  // @ts-expect-error the claims are required: [] states that the pods keep no data
  new ProductionStatefulSet(chart, 'no-claims', { image, ports, liveness, readiness, resources: 'medium', claimRetention });

  // @ts-expect-error a claim states its size
  const noSize: VolumeClaim = { name: 'data', mountPath: '/data', storageClass: 'ssd' };

  // @ts-expect-error a claim states its StorageClass (the cluster's default may not exist, or delete the data)
  const noClass: VolumeClaim = { name: 'data', mountPath: '/data', size: '20Gi' };

  // @ts-expect-error each pod has its own claim: no shared access modes
  const shared: VolumeClaim = { ...data, accessMode: 'ReadWriteMany' };

  void noSize; void noClass; void shared;
}

export function retentionIsADecision(chart: Chart): void {
  // @ts-expect-error what happens to the data on deletion and scale-down is a decision, never a default
  new ProductionStatefulSet(chart, 'no-retention', { image, ports, liveness, readiness, resources: 'medium', volumeClaims: [data] });

  // @ts-expect-error only Retain or Delete
  const keep: ProductionStatefulSetProps['claimRetention'] = { whenDeleted: 'Keep', whenScaled: 'Retain' };
  void keep;
}

export function probesAndPortsAreRequired(chart: Chart): void {
  // @ts-expect-error a liveness probe is required (pattern 4)
  new ProductionStatefulSet(chart, 'no-liveness', { image, ports, readiness, resources: 'medium', volumeClaims: [data], claimRetention });

  // @ts-expect-error ports are required: the headless and client Services route to them
  new ProductionStatefulSet(chart, 'no-ports', { image, liveness, readiness, resources: 'medium', volumeClaims: [data], claimRetention });

  // @ts-expect-error only OrderedReady or Parallel
  new ProductionStatefulSet(chart, 'policy', { image, ports, liveness, readiness, resources: 'medium', volumeClaims: [data], claimRetention, podManagementPolicy: 'Random' });

  // @ts-expect-error resources are required (pattern 10)
  new ProductionStatefulSet(chart, 'no-resources', { image, ports, liveness, readiness, volumeClaims: [data], claimRetention });
}
