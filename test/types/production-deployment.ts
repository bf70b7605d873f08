/*
 * Type tests of ProductionDeployment: the anti-patterns TypeScript can refuse do not compile.
 *
 * This file is compiled by `tsc --noEmit -p .` in `npm test` and never run (it is not a
 * *.test.ts, and nothing calls its functions). Each anti-pattern is one line under a
 * `// @ts-expect-error`: a directive with no error under it is itself an error, so each line must
 * really fail to compile. Next to each one, the compliant form compiles, so the error comes from
 * the anti-pattern and not from a typo.
 */
import { Chart } from 'cdk8s';
import {
  ContainerResources,
  CpuLimit,
  ImageInit,
  Probe,
  ProductionDeployment,
  ProductionDeploymentProps,
  SizeClass,
  Suppressions,
} from '../../src';

const image = 'registry.example.com/shop/web:1.4.2';
const ports = [{ name: 'http', port: 8080 }];

export function probesAreRequired(chart: Chart): void {
  const liveness = Probe.http('/healthz', { port: 'http' });
  const readiness = Probe.http('/ready', { port: 'http' });

  new ProductionDeployment(chart, 'ok', { image, ports, liveness, readiness, resources: 'small' });

  // @ts-expect-error liveness is required: a broken process would keep running (pattern 4)
  new ProductionDeployment(chart, 'no-liveness', { image, ports, readiness, resources: 'small' });

  // @ts-expect-error readiness is required: the pod would get traffic before it can serve (pattern 8)
  new ProductionDeployment(chart, 'no-readiness', { image, ports, liveness, resources: 'small' });

  // @ts-expect-error a raw Kubernetes probe is not a Probe: only Probe.http/tcp/grpc/exec
  new ProductionDeployment(chart, 'raw-probe', { image, ports, liveness: { httpGet: { path: '/healthz', port: 'http' } }, readiness, resources: 'small' });
}

export function probePortsAreNames(): void {
  Probe.http('/healthz', { port: 'http' });
  Probe.tcp({ port: 'http' });
  Probe.grpc({ port: 'grpc' });

  // @ts-expect-error a probe port is the NAME of a declared port, never a bare number
  Probe.http('/healthz', { port: 8080 });

  // @ts-expect-error a probe port is the NAME of a declared port, never a bare number
  Probe.tcp({ port: 8080 });

  // @ts-expect-error a probe port is the NAME of a declared port, never a bare number
  Probe.grpc({ port: 9090 });
}

export function resourcesAreRequired(chart: Chart): void {
  const liveness = Probe.http('/healthz', { port: 'http' });
  const readiness = Probe.http('/ready', { port: 'http' });

  // @ts-expect-error resources are required: requests and a memory limit on every container (pattern 10)
  new ProductionDeployment(chart, 'no-resources', { image, ports, liveness, readiness });

  const ok: ContainerResources = { cpu: '250m', memory: '256Mi', memoryLimit: '512Mi', cpuLimit: CpuLimit.of('1') };
  const none: ContainerResources = { cpu: '250m', memory: '256Mi', memoryLimit: '512Mi', cpuLimit: CpuLimit.none('Latency-sensitive API; throttling costs more than it saves.') };

  // @ts-expect-error the CPU limit is a decision: CpuLimit.of(quantity) or CpuLimit.none(reason), never a plain string
  const plainCpuLimit: ContainerResources = { cpu: '250m', memory: '256Mi', memoryLimit: '512Mi', cpuLimit: '1' };

  // @ts-expect-error a memory limit is required
  const noMemoryLimit: ContainerResources = { cpu: '250m', memory: '256Mi', cpuLimit: CpuLimit.of('1') };

  // @ts-expect-error the CPU limit cannot be left out silently
  const noCpuLimit: ContainerResources = { cpu: '250m', memory: '256Mi', memoryLimit: '512Mi' };

  const small: SizeClass = 'small';
  // @ts-expect-error not a size class: nano, small, medium, large or xlarge
  const huge: SizeClass = 'huge';

  // @ts-expect-error not a size class, in the props
  new ProductionDeployment(chart, 'huge', { image, ports, liveness, readiness, resources: 'huge' });

  void [ok, none, plainCpuLimit, noMemoryLimit, noCpuLimit, small, huge];
}

export function propValueTypes(chart: Chart): void {
  const base: ProductionDeploymentProps = {
    image,
    ports,
    liveness: Probe.http('/healthz', { port: 'http' }),
    readiness: Probe.http('/ready', { port: 'http' }),
    resources: 'small',
  };

  new ProductionDeployment(chart, 'tini', { ...base, imageInit: 'tini' });
  const init: ImageInit = 'dumb-init';
  // @ts-expect-error not an init the construct knows: tini, dumb-init, catatonit or s6-overlay
  const supervisord: ImageInit = 'supervisord';
  // @ts-expect-error not an init the construct knows, in the props
  new ProductionDeployment(chart, 'supervisord', { ...base, imageInit: 'supervisord' });

  new ProductionDeployment(chart, 'three', { ...base, replicas: 3 });
  // @ts-expect-error replicas is a number, not a string
  new ProductionDeployment(chart, 'three-string', { ...base, replicas: '3' });

  // @ts-expect-error a port number is a number, not a string
  new ProductionDeployment(chart, 'port-string', { ...base, ports: [{ name: 'http', port: '8080' }] });

  // @ts-expect-error a port has a name (probes and the Service refer to it)
  new ProductionDeployment(chart, 'port-unnamed', { ...base, ports: [{ port: 8080 }] });

  // @ts-expect-error the image is required
  new ProductionDeployment(chart, 'no-image', { ports, liveness: base.liveness, readiness: base.readiness, resources: 'small' });

  void [init, supervisord];
}

export function suppressionsAreTyped(d: ProductionDeployment): void {
  Suppressions.add(d, 'minimum-replicas', 'A singleton leader that must never run twice at the same time.');

  // @ts-expect-error not a rule id of the catalogue
  Suppressions.add(d, 'min-replicas', 'A singleton leader that must never run twice at the same time.');

  // @ts-expect-error a suppression carries its reason
  Suppressions.add(d, 'minimum-replicas');
}
