/*
 * Type tests of Probe, CpuLimit, ContainerImage, Peer, Suppressions and the shared workload props
 * (issue 10): the misuses TypeScript refuses do not compile. ConfiguredApp and QuotaNamespace have
 * files of their own (test/types/configured-app.ts, test/types/quota-namespace.ts).
 *
 * Compiled by `tsc --noEmit -p .` in `npm test`, never run (it is not a *.test.ts, and nothing
 * calls its functions). Each misuse is one line under a `// @ts-expect-error`: a directive with
 * no error under it is itself an error, so each line must really fail to compile. Next to each
 * one, the correct form compiles, so the error comes from the misuse and not from a typo.
 *
 * Not here, because TypeScript accepts them (they are refused at run time, see
 * test/proof/corpus.test.ts): a suppression of a Dockerfile rule or of a hard-core rule on an
 * object (`RuleId` includes them), an invalid name or quantity string, a secret in a string.
 */
import { Chart, Duration } from 'cdk8s';
import {
  ContainerImage,
  CpuLimit,
  Peer,
  Probe,
  ProductionDeployment,
  Suppressions,
} from '../../src';
import { base, image } from './web-props';

export function probes(): void {
  Probe.exec(['/app/healthcheck', '--live'], { period: Duration.seconds(10), failureThreshold: 3 });

  // @ts-expect-error an exec probe's command is a list (no shell parses a string)
  Probe.exec('/app/healthcheck --live');

  // @ts-expect-error an HTTP probe names its port: the options are required
  Probe.http('/healthz');

  // @ts-expect-error the period is a Duration, not a number of seconds
  Probe.http('/healthz', { port: 'http', period: 10 });

  // @ts-expect-error the initial delay is a Duration
  Probe.tcp({ port: 'http', initialDelay: 5 });

  // @ts-expect-error failureThreshold is a number
  Probe.grpc({ port: 'grpc', failureThreshold: '3' });

  // @ts-expect-error a Probe is made by its factories only
  new Probe({ kind: 'tcp', port: 'http' }, {});

  // @ts-expect-error a raw Kubernetes probe is not a Probe
  const raw: Probe = { httpGet: { path: '/healthz', port: 8080 } };

  void raw;
}

export function cpuLimits(d: ProductionDeployment): void {
  CpuLimit.of('1');
  CpuLimit.none('Latency-sensitive API; throttling costs more than a noisy neighbour.');

  // @ts-expect-error a CPU limit is a quantity string ("1", "500m"), not a number
  CpuLimit.of(1);

  // @ts-expect-error running without a CPU limit needs a reason
  CpuLimit.none();

  // @ts-expect-error a CpuLimit is made by of() or none() only
  new CpuLimit('1', undefined);

  void d;
}

export function images(chart: Chart): void {
  new ProductionDeployment(chart, 'pinned', { ...base, image: ContainerImage.of(image) });

  // @ts-expect-error an image reference is a string
  ContainerImage.of(5);

  // @ts-expect-error a ContainerImage is made by of(), which checks that it is pinned
  new ContainerImage('nginx', { repository: 'nginx' });

  // @ts-expect-error the image prop takes a ContainerImage or a string, not a number
  new ProductionDeployment(chart, 'number-image', { ...base, image: 5 });

  // @ts-expect-error nor the parts of a reference
  new ProductionDeployment(chart, 'parts-image', { ...base, image: { repository: 'shop/web', tag: '1.4.2' } });
}

export function peers(chart: Chart): void {
  new ProductionDeployment(chart, 'net', {
    ...base,
    ingressFrom: [Peer.namespace('ingress-nginx')],
    egress: [{ to: Peer.cidr('10.20.0.0/16'), ports: [{ port: 5432 }] }],
  });

  // @ts-expect-error ingressFrom takes Peers, not namespace names
  new ProductionDeployment(chart, 'ingress-string', { ...base, ingressFrom: ['ingress-nginx'] });

  // @ts-expect-error an egress port is a number
  new ProductionDeployment(chart, 'egress-string', { ...base, egress: [{ to: Peer.sameNamespace(), ports: [{ port: '5432' }] }] });

  // @ts-expect-error an egress rule names where it goes
  new ProductionDeployment(chart, 'egress-nowhere', { ...base, egress: [{ ports: [{ port: 5432 }] }] });

  // @ts-expect-error only TCP and UDP
  new ProductionDeployment(chart, 'sctp', { ...base, egress: [{ to: Peer.sameNamespace(), ports: [{ port: 5432, protocol: 'SCTP' }] }] });

  // @ts-expect-error a CIDR is a string
  Peer.cidr(10);

  // @ts-expect-error a Peer is made by its factories only
  new Peer({ podSelector: {} });
}

export function suppressions(d: ProductionDeployment): void {
  Suppressions.add(d, 'cpu-limit', 'Latency-sensitive API; throttling costs more than a noisy neighbour.');

  // @ts-expect-error a Dockerfile rule id with a typo is not a rule id
  Suppressions.add(d, 'dockerfile-copy-source-tree', 'The interpreter needs the sources at run time.');

  // @ts-expect-error rule ids are kebab-case, as the catalogue spells them
  Suppressions.add(d, 'CPU_LIMIT', 'Latency-sensitive API; throttling costs more than a noisy neighbour.');

  // @ts-expect-error kube-linter's name for a check is not our rule id
  Suppressions.add(d, 'unset-cpu-requirements', 'Latency-sensitive API; throttling costs more than a noisy neighbour.');

  // @ts-expect-error the reason is a string
  Suppressions.add(d, 'cpu-limit', true);
}

export function workloadProps(chart: Chart): void {
  // @ts-expect-error writable paths are strings or { path, sizeLimit }
  new ProductionDeployment(chart, 'writable-number', { ...base, writablePaths: [5] });

  // @ts-expect-error a size limit is a quantity string
  new ProductionDeployment(chart, 'size-number', { ...base, writablePaths: [{ path: '/data/cache', sizeLimit: 256 }] });

  // @ts-expect-error the user is a number (a name would be resolved by the image, maybe to root)
  new ProductionDeployment(chart, 'user-name', { ...base, podSecurity: { user: 'app' } });

  // @ts-expect-error API access is given with its reason
  new ProductionDeployment(chart, 'api-true', { ...base, apiAccess: true });

  // @ts-expect-error API access is given with its reason
  new ProductionDeployment(chart, 'api-empty', { ...base, apiAccess: {} });

  // @ts-expect-error an autoscaler has a maximum
  new ProductionDeployment(chart, 'hpa-no-max', { ...base, autoscaling: { minReplicas: 2 } });

  // @ts-expect-error env values are strings
  new ProductionDeployment(chart, 'env-number', { ...base, env: { WORKERS: 4 } });

  // @ts-expect-error the grace period is a Duration
  new ProductionDeployment(chart, 'grace-number', { ...base, terminationGracePeriod: 30 });

  // @ts-expect-error zoneSpread is a boolean
  new ProductionDeployment(chart, 'zone-string', { ...base, zoneSpread: 'yes' });
}
