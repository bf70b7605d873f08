import * as os from 'os';
import * as path from 'path';
import { Chart, Duration } from 'cdk8s';
import * as fc from 'fast-check';
import {
  Probe,
  ProductionApp,
  ProductionStatefulSet,
  ProductionStatefulSetProps,
  PropError,
  QuotaNamespace,
  Suppressions,
  budgetReport,
  errorsOf,
} from '../../src';
import { apiObjectsOf } from '../../constructs/workload';
import { schemaProblems } from '../schema';
import { propErrorOf } from './refusal';

/*
 * ProductionStatefulSet (issue 20): its default output passes every rule of the catalogue with
 * no suppression and the Kubernetes 1.28 schema, its key fields are asserted one by one, and
 * every anti-pattern is refused with a message naming the construct path, the prop, the value
 * and what is allowed. Compile-time refusals are in test/types/production-stateful-set.ts.
 */

const IMAGE = 'registry.example.com/shop/db:16.4';
const SELECTOR = { 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/instance': 'db' };
const REASON = 'A single primary; replicas would need a replication setup it does not have.';

function baseProps(): ProductionStatefulSetProps {
  return {
    image: IMAGE,
    resources: 'medium',
    ports: [{ name: 'pg', port: 5432 }],
    liveness: Probe.tcp({ port: 'pg' }),
    readiness: Probe.exec(['pg_isready', '--quiet']),
    volumeClaims: [{ name: 'data', mountPath: '/var/lib/postgresql/data', size: '20Gi', storageClass: 'ssd' }],
    claimRetention: { whenDeleted: 'Retain', whenScaled: 'Retain' },
  };
}

function build(overrides: Record<string, unknown> = {}): { app: ProductionApp; s: ProductionStatefulSet } {
  const app = new ProductionApp({ outdir: path.join(os.tmpdir(), 'cdk8s-prod-never-written'), onWarning: () => undefined });
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const s = new ProductionStatefulSet(chart, 'db', { ...baseProps(), ...overrides } as ProductionStatefulSetProps);
  return { app, s };
}

function refusal(overrides: Record<string, unknown>): PropError {
  return propErrorOf(() => build(overrides));
}

function spec(s: ProductionStatefulSet): any {
  return s.statefulSet.toJson().spec;
}

describe('ProductionStatefulSet: the default output', () => {
  test('passes every rule of the catalogue with no suppression, and the schema', () => {
    const { app } = build();
    const report = app.audit();
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toEqual([]);
    for (const o of app.apiObjects()) expect(schemaProblems(o.toJson())).toEqual([]);
  });

  test('is a ServiceAccount, a headless and a client Service, a StatefulSet, a PodDisruptionBudget and a NetworkPolicy', () => {
    const { s } = build();
    expect(apiObjectsOf(s).map((o) => `${o.kind}/${o.name}`)).toEqual([
      'ServiceAccount/db', 'Service/db-headless', 'Service/db', 'StatefulSet/db', 'PodDisruptionBudget/db', 'NetworkPolicy/db',
    ]);
  });

  test('the snapshot of the YAML', () => {
    expect(build().app.synthYaml()).toMatchSnapshot();
  });

  test('stable identity: serviceName is the headless Service, which selects the pods and has no cluster IP', () => {
    const { s } = build();
    expect(spec(s).serviceName).toBe('db-headless');
    expect(s.headlessService.toJson().spec).toEqual({
      clusterIP: 'None', selector: SELECTOR, ports: [{ name: 'pg', port: 5432, protocol: 'TCP', targetPort: 'pg' }],
    });
    expect(s.service.toJson().spec).toEqual({
      type: 'ClusterIP', selector: SELECTOR, ports: [{ name: 'pg', port: 5432, protocol: 'TCP', targetPort: 'pg' }],
    });
  });

  test('3 replicas, OrderedReady, a rolling update one pod at a time that waits 10 s of readiness, the stated retention', () => {
    const sp = spec(build().s);
    expect(sp.replicas).toBe(3);
    expect(sp.podManagementPolicy).toBe('OrderedReady');
    expect(sp.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 1 } });
    expect(sp.minReadySeconds).toBe(10);
    expect(sp.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
  });

  test('one claim per pod of the stated size and class, mounted where asked, labelled like the workload', () => {
    const { s } = build();
    const sp = spec(s);
    expect(sp.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data', labels: s.labels },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'ssd', resources: { requests: { storage: '20Gi' } } },
    }]);
    expect(sp.template.spec.containers[0].volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' }, { name: 'data', mountPath: '/var/lib/postgresql/data' },
    ]);
    expect(s.storage).toEqual({ claims: 3, bytes: 3 * 20 * 2 ** 30 });
  });

  test('the pod baseline, probes, spreading and a PodDisruptionBudget of one', () => {
    const { s } = build();
    const pod = spec(s).template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(pod.containers[0].livenessProbe.tcpSocket).toEqual({ port: 'pg' });
    expect(pod.containers[0].readinessProbe.exec).toEqual({ command: ['pg_isready', '--quiet'] });
    expect(pod.topologySpreadConstraints.map((t: any) => t.topologyKey)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(s.podDisruptionBudget!.toJson().spec).toEqual({ maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: { matchLabels: SELECTOR } });
    expect(s.networkPolicy.toJson().spec.ingress).toEqual([{ from: [{ podSelector: {} }], ports: [{ port: 'pg', protocol: 'TCP' }] }]);
  });
});

describe('ProductionStatefulSet: choices', () => {
  test('Parallel pods, maxUnavailable 2 of 5, minReady 0, publishNotReadyAddresses, ReadWriteOncePod, Delete on scale-down', () => {
    const { s } = build({
      replicas: 5, podManagementPolicy: 'Parallel', maxUnavailable: 2, minReady: Duration.seconds(0), publishNotReadyAddresses: true,
      volumeClaims: [{ name: 'data', mountPath: '/data/db', size: '1Ti', storageClass: 'fast.example.com', accessMode: 'ReadWriteOncePod' }],
      claimRetention: { whenDeleted: 'Retain', whenScaled: 'Delete' },
    });
    const sp = spec(s);
    expect(sp.podManagementPolicy).toBe('Parallel');
    expect(sp.updateStrategy.rollingUpdate.maxUnavailable).toBe(2);
    expect(sp.minReadySeconds).toBe(0);
    expect(sp.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Delete' });
    expect(sp.volumeClaimTemplates[0].spec.accessModes).toEqual(['ReadWriteOncePod']);
    expect(s.headlessService.toJson().spec.publishNotReadyAddresses).toBe(true);
    expect(s.storage).toEqual({ claims: 5, bytes: 5 * 2 ** 40 });
  });

  test('no claims at all is a stated choice', () => {
    const { app, s } = build({ volumeClaims: [] });
    expect(spec(s).volumeClaimTemplates).toBeUndefined();
    expect(s.storage).toEqual({ claims: 0, bytes: 0 });
    expect(app.audit().findings).toEqual([]);
  });

  test('one replica needs a reasoned suppression, and then has no PodDisruptionBudget', () => {
    const { app } = build({ replicas: 1 });
    expect(() => app.synthYaml()).toThrow('shop/db: invalid replicas: got 1; at least 2, so that a node drain or a crash leaves a pod serving (a singleton needs Suppressions.add(<this ProductionStatefulSet>, \'minimum-replicas\', \'<why one replica is acceptable>\'))');
    const ok = build({ replicas: 1 });
    Suppressions.add(ok.s, 'minimum-replicas', REASON);
    expect(ok.s.podDisruptionBudget).toBeUndefined();
    expect(errorsOf(ok.app.audit())).toEqual([]);
  });

  test('in a QuotaNamespace the quota counts its storage, and refuses what does not fit', () => {
    const make = (storage: string) => {
      const app = new ProductionApp({ outdir: path.join(os.tmpdir(), 'cdk8s-prod-never-written'), onWarning: () => undefined });
      const ns = new QuotaNamespace(new Chart(app, 'c'), 'shop', {
        quota: { requestsCpu: '4', requestsMemory: '8Gi', limitsMemory: '8Gi', pods: 10, persistentVolumeClaims: 3, requestsStorage: storage },
      });
      new ProductionStatefulSet(ns, 'db', baseProps());
      return app;
    };
    expect(make('60Gi').audit().findings).toEqual([]);
    const usage = budgetReport(make('60Gi').apiObjects().map((o) => o.toJson()))[0];
    expect(usage.lines.find((l) => l.key === 'requests.storage')!.used).toBe(60 * 2 ** 30);
    expect(usage.lines.find((l) => l.key === 'persistentvolumeclaims')!.used).toBe(3);
    const over = errorsOf(make('59Gi').audit());
    expect(over.map((f) => [f.rule, f.path, f.message])).toEqual([[
      'namespace-quota-fit', 'spec.hard["requests.storage"]',
      'the workloads can claim 60Gi of requests.storage at once, over the hard limit of 59Gi: StatefulSet/db: 3 pods × 20Gi = 60Gi (3 replicas)',
    ]]);
  });
});

describe('ProductionStatefulSet: refusals', () => {
  const DNS1123 = 'a DNS-1123 label: at most 63 characters of lower-case letters, digits and \'-\', starting and ending with a letter or digit';
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['no ports', { ports: [] }, 'shop/db: invalid ports: got []; at least one named port: the headless and client Services route to it'],
    ['a name too long for the pods\' labels', { name: 'd'.repeat(53) }, `shop/db: invalid name: got "${'d'.repeat(53)}" (53 characters); a DNS-1035 label: at most 52 characters of lower-case letters, digits and '-', starting with a letter and ending with a letter or digit`],
    ['no claim retention', { claimRetention: undefined }, 'shop/db: invalid claimRetention: got nothing; { whenDeleted: "Retain" | "Delete", whenScaled: "Retain" | "Delete" }: what happens to each pod\'s data is a decision'],
    ['a retention that is not a choice', { claimRetention: { whenDeleted: 'Retain', whenScaled: 'Keep' } }, 'shop/db: invalid claimRetention.whenScaled: got "Keep"; "Retain" or "Delete"'],
    ['no volumeClaims', { volumeClaims: undefined }, 'shop/db: invalid volumeClaims: got nothing; a list of { name, mountPath, size, storageClass }, or [] when the pods keep no data'],
    ['a claim without a size', { volumeClaims: [{ name: 'data', mountPath: '/data', storageClass: 'ssd' }] }, 'shop/db: invalid volumeClaims[0].size: got nothing; a Kubernetes quantity: a number with an optional suffix m (milli), k, M, G, T, P, E (powers of 10) or Ki, Mi, Gi, Ti, Pi, Ei (powers of 2), e.g. "250m", "0.5", "256Mi", "1Gi"'],
    ['a claim without a StorageClass', { volumeClaims: [{ name: 'data', mountPath: '/data', size: '1Gi' }] }, 'shop/db: invalid volumeClaims[0].storageClass: got nothing; a DNS-1123 subdomain: at most 253 characters of lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit'],
    ['a claim in milli-bytes', { volumeClaims: [{ name: 'data', mountPath: '/data', size: '20m', storageClass: 'ssd' }] }, 'shop/db: invalid volumeClaims[0].size: got "20m"; a Kubernetes quantity: a number with an optional suffix m (milli), k, M, G, T, P, E (powers of 10) or Ki, Mi, Gi, Ti, Pi, Ei (powers of 2), e.g. "250m", "0.5", "256Mi", "1Gi"; "m" means milli-bytes here, which is never meant (use "Mi" or "M")'],
    ['a claim name that is not a label', { volumeClaims: [{ name: 'Data', mountPath: '/data', size: '1Gi', storageClass: 'ssd' }] }, `shop/db: invalid volumeClaims[0].name: got "Data"; ${DNS1123}`],
    ['a claim named like a pod volume', { volumeClaims: [{ name: 'tmp', mountPath: '/data', size: '1Gi', storageClass: 'ssd' }] }, 'shop/db: invalid volumeClaims[0].name: got "tmp"; a name no volume of the pod has (tmp)'],
    ['two claims of one name', { volumeClaims: [{ name: 'data', mountPath: '/a', size: '1Gi', storageClass: 'ssd' }, { name: 'data', mountPath: '/b', size: '1Gi', storageClass: 'ssd' }] }, 'shop/db: invalid volumeClaims[1].name: got "data"; a name no other claim has'],
    ['claims that overlap', { volumeClaims: [{ name: 'a', mountPath: '/data', size: '1Gi', storageClass: 'ssd' }, { name: 'b', mountPath: '/data/wal', size: '1Gi', storageClass: 'ssd' }] }, 'shop/db: invalid volumeClaims[1].mountPath: got "/data/wal"; a path apart from the other claims, the writable paths and /tmp (it overlaps /data)'],
    ['a claim over /tmp', { volumeClaims: [{ name: 'a', mountPath: '/tmp/db', size: '1Gi', storageClass: 'ssd' }] }, 'shop/db: invalid volumeClaims[0].mountPath: got "/tmp/db"; a path apart from the other claims, the writable paths and /tmp (it overlaps /tmp)'],
    ['a claim over the image\'s system', { volumeClaims: [{ name: 'a', mountPath: '/usr/lib/db', size: '1Gi', storageClass: 'ssd' }] }, 'shop/db: invalid volumeClaims[0].mountPath: got "/usr/lib/db" (it would cover the image\'s own files); an absolute, normalised path outside the image\'s system folders, e.g. "/var/cache/app"'],
    ['a claim for logs', { volumeClaims: [{ name: 'a', mountPath: '/var/log/db', size: '1Gi', storageClass: 'ssd' }] }, 'shop/db: invalid volumeClaims[0].mountPath: got "/var/log/db"; no log folders: write logs to stdout and stderr, where the platform collects and rotates them (pattern 5)'],
    ['a broken writable path is refused as such, before the claims are compared with it', { writablePaths: ['/var'] }, 'shop/db: invalid writablePaths[0]: got "/var" (it would cover the image\'s own files); an absolute, normalised path outside the image\'s system folders, e.g. "/var/cache/app"'],
    ['writable paths that are not a list', { writablePaths: '/data/x' }, 'shop/db: invalid writablePaths: got "/data/x"; a list of absolute paths or { path, sizeLimit }'],
    ['a shared access mode', { volumeClaims: [{ name: 'a', mountPath: '/data', size: '1Gi', storageClass: 'ssd', accessMode: 'ReadWriteMany' }] }, 'shop/db: invalid volumeClaims[0].accessMode: got "ReadWriteMany"; "ReadWriteOnce" or "ReadWriteOncePod": each pod has its own claim'],
    ['maxUnavailable that takes every pod', { maxUnavailable: 3 }, 'shop/db: invalid maxUnavailable: got 3; a whole number from 1 to 2 (fewer than replicas, so a rollout keeps a pod serving)'],
    ['a pod management policy that is not one', { podManagementPolicy: 'Random' }, 'shop/db: invalid podManagementPolicy: got "Random"; "OrderedReady" or "Parallel"'],
    ['minReady over an hour', { minReady: Duration.seconds(3601) }, 'shop/db: invalid minReady: got "1 hour 1 second"; a Duration from 0 seconds to 1 hour, e.g. Duration.seconds(30)'],
    ['publishNotReadyAddresses not a boolean', { publishNotReadyAddresses: 'yes' }, 'shop/db: invalid publishNotReadyAddresses: got "yes"; true or false'],
    ['readiness the same as liveness', { readiness: Probe.tcp({ port: 'pg' }) }, 'shop/db: invalid readiness: got'],
  ];
  test.each(cases)('%s', (_, overrides, message) => {
    const e = refusal(overrides);
    if (message.endsWith('got')) expect(e.message.slice(0, message.length)).toBe(message);
    else expect(e.message).toBe(message);
  });
});

describe('ProductionStatefulSet: the quota proof covers storage', () => {
  // Random replicas and claims, in a namespace whose storage quota is the total computed here
  // from the props alone: it fits exactly, and 1Mi less (or one claim fewer) is refused.
  test('replicas × claim sizes fit a quota of exactly that much, and not one Mi or one claim less', () => {
    const claims = fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 3 });
    fc.assert(fc.property(fc.integer({ min: 2, max: 9 }), claims, (replicas, sizesMi) => {
      const totalMi = replicas * sizesMi.reduce((a, b) => a + b, 0);
      const make = (storageMi: number, pvcs: number) => {
        const app = new ProductionApp({ outdir: path.join(os.tmpdir(), 'cdk8s-prod-never-written'), onWarning: () => undefined });
        const ns = new QuotaNamespace(new Chart(app, 'c'), 'shop', {
          quota: { requestsCpu: '100', requestsMemory: '100Gi', limitsMemory: '100Gi', pods: 100, requestsStorage: `${storageMi}Mi`, persistentVolumeClaims: pvcs },
        });
        new ProductionStatefulSet(ns, 'db', {
          ...baseProps(), replicas,
          volumeClaims: sizesMi.map((mi, i) => ({ name: `data-${i}`, mountPath: `/var/lib/db/${i}`, size: `${mi}Mi`, storageClass: 'ssd' })),
        });
        return errorsOf(app.audit()).map((f) => f.path);
      };
      expect(make(totalMi, replicas * sizesMi.length)).toEqual([]);
      expect(make(totalMi - 1, replicas * sizesMi.length)).toEqual(['spec.hard["requests.storage"]']);
      expect(make(totalMi, replicas * sizesMi.length - 1)).toEqual(['spec.hard.persistentvolumeclaims']);
    }), { numRuns: 100, seed: 20261202 });
  });
});
