/*
 * Type tests of ProductionDaemonSet: the anti-patterns TypeScript can refuse do not compile.
 * Compiled by `tsc --noEmit -p .` in `npm test` and never run; each anti-pattern is one line
 * under a `// @ts-expect-error`, next to the compliant form that compiles.
 */
import { Chart } from 'cdk8s';
import { Probe, ProductionDaemonSet, Toleration } from '../../src';

const image = 'registry.example.com/shop/cache:2.1.0';
const ports = [{ name: 'http', port: 8080 }];
const liveness = Probe.http('/healthz', { port: 'http' });
const readiness = Probe.http('/ready', { port: 'http' });
const placement = { nodeSelector: {}, tolerations: [], priorityClassName: false, nodeCount: 12 } as const;

export function placementIsStated(chart: Chart): void {
  new ProductionDaemonSet(chart, 'ok', { image, ports, liveness, readiness, resources: 'small', ...placement });
  new ProductionDaemonSet(chart, 'named', { image, ports, liveness, readiness, resources: 'small', ...placement, priorityClassName: 'node-agents' });

  // @ts-expect-error the node selection is stated ({} for every Linux node)
  new ProductionDaemonSet(chart, 'no-selector', { image, ports, liveness, readiness, resources: 'small', tolerations: [], priorityClassName: false, nodeCount: 12 });

  // @ts-expect-error the tolerations are stated ([] for untainted nodes only)
  new ProductionDaemonSet(chart, 'no-tolerations', { image, ports, liveness, readiness, resources: 'small', nodeSelector: {}, priorityClassName: false, nodeCount: 12 });

  // @ts-expect-error the priority is a choice: a class name, or false for the cluster's default
  new ProductionDaemonSet(chart, 'no-priority', { image, ports, liveness, readiness, resources: 'small', nodeSelector: {}, tolerations: [], nodeCount: 12 });

  // @ts-expect-error the node count is stated, or the quota cannot count the pods
  new ProductionDaemonSet(chart, 'no-nodes', { image, ports, liveness, readiness, resources: 'small', nodeSelector: {}, tolerations: [], priorityClassName: false });

  // @ts-expect-error true is not a priority class
  new ProductionDaemonSet(chart, 'true', { image, ports, liveness, readiness, resources: 'small', ...placement, priorityClassName: true });
}

export function tolerationsAreNamed(): void {
  const ok: Toleration = { key: 'node.example.com/dedicated', operator: 'Exists', effect: 'NoSchedule' };
  // @ts-expect-error a toleration names its taint: no wildcard toleration of every taint
  const wildcard: Toleration = { operator: 'Exists' };
  // @ts-expect-error only the three taint effects
  const effect: Toleration = { key: 'dedicated', effect: 'NoRun' };
  void ok; void wildcard; void effect;
}

export function theHardCoreCannotBeAsked(chart: Chart): void {
  // @ts-expect-error no host network, host ports or host paths: there is no prop for them
  new ProductionDaemonSet(chart, 'host', { image, ports, liveness, readiness, resources: 'small', ...placement, hostNetwork: true });

  // @ts-expect-error a liveness probe is required (pattern 4)
  new ProductionDaemonSet(chart, 'no-liveness', { image, ports, readiness, resources: 'small', ...placement });
}
