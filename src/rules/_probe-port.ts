import { POD_TEMPLATE_KINDS, celProbePortsDeclared } from './_probes-cel';
import { getIn, isRecord } from '../k8s/manifest';
import { PORT_HANDLERS, ProbeField, describeDeclaredPorts, portIsDeclared, probeOf } from './_probes';
import { Rule, RuleExamples, Violation, containerRule, describeContainer } from '../engine/rule';

/** What differs between liveness-port, readiness-port and startup-port: data for one template. */
export interface ProbePortSpec {
  readonly id: string;
  readonly probe: ProbeField;
  readonly title: string;
  readonly pattern: number;
  /** What happens to the pod when this probe can never succeed. */
  readonly consequence: string;
  readonly kubeLinter: string;
  readonly examples?: RuleExamples;
}

/**
 * A rule that the port of a probe's httpGet, tcpSocket or grpc handler is one the container
 * declares, by number or by name. Exec probes have no port and pass.
 */
export function probePortRule(spec: ProbePortSpec): Rule {
  return containerRule({
    id: spec.id,
    pack: 'probes',
    title: spec.title,
    severity: 'error',
    pattern: spec.pattern,
    description: `A ${spec.probe} aimed at a port the container does not declare cannot succeed: ${spec.consequence}.`,
    workloads: 'all',
    containers: 'long-lived',
    scope: `containers and sidecars with a ${spec.probe} (httpGet, tcpSocket or grpc) in every workload`,
    equivalents: { kubeLinter: [spec.kubeLinter] },
    ...(spec.examples ? { examples: spec.examples } : {}),
    remediation: `Point ${spec.probe}.<handler>.port at a port the container lists in ports[]: its name (preferred, e.g. port: http) or its containerPort number; or add the missing port to ports[] with a name.`,
    suppressible: true,
    admission: { kinds: POD_TEMPLATE_KINDS, expression: celProbePortsDeclared(spec.probe) },
    check: (c) => {
      const probe = probeOf(c, spec.probe);
      if (!isRecord(probe)) return [];
      const out: Violation[] = [];
      for (const handler of PORT_HANDLERS) {
        if (!isRecord(probe[handler])) continue;
        const path = [...c.path, spec.probe, handler, 'port'];
        const port = getIn(probe, [handler, 'port']);
        if (port === undefined || port === null) {
          out.push({ path, message: `the ${handler} ${spec.probe} of ${describeContainer(c)} has no port` });
        } else if (!portIsDeclared(c, port)) {
          out.push({
            path,
            message: `the ${handler} ${spec.probe} of ${describeContainer(c)} targets port ${JSON.stringify(port)}, which the container does not declare (${describeDeclaredPorts(c)})`,
          });
        }
      }
      return out;
    },
  });
}
