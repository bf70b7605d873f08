import { getIn, namespaceOf } from '../k8s/manifest';
import { objectRule, example } from '../engine/rule';

/**
 * The Service an Istio host names, if it names one in the cluster: `web`, `web.shop`,
 * `web.shop.svc` or `web.shop.svc.cluster.local` (hosts of other domains are outside the mesh's Services).
 */
export function serviceOfHost(host: string, namespace: string): { name: string; namespace: string } | undefined {
  const parts = host.split('.');
  if (parts.length === 1) return { name: parts[0], namespace };
  if (parts.length === 2) return { name: parts[0], namespace: parts[1] };
  if (parts[2] === 'svc' && (parts.length === 3 || parts.slice(3).join('.') === 'cluster.local')) return { name: parts[0], namespace: parts[1] };
  return undefined;
}

export const destinationRuleHost = objectRule({
  id: 'destination-rule-host',
  pack: 'network',
  title: 'A DestinationRule\'s host is a Service',
  severity: 'error',
  pattern: 12,
  description: 'Istio applies a DestinationRule (outlier detection: the mesh\'s circuit breaker) only to traffic for its host; a host that matches no Service protects nothing, silently.',
  kinds: ['DestinationRule'],
  scope: 'Istio DestinationRules whose host names a cluster Service (short name, name.namespace, or …svc.cluster.local), against the Services of the checked manifests',
  remediation: 'Set spec.host to the Service\'s fully qualified name (<service>.<namespace>.svc.cluster.local); ProductionDeployment with circuitBreaker.implementation "istio" does.',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: v1
      kind: Service
      metadata: { name: web, namespace: shop }
      spec:
        selector: { app: web }
        ports: [{ name: http, port: 80, targetPort: http }]
      ---
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: { name: web, namespace: shop }
      spec:
        host: web.default.svc.cluster.local # the Service is in shop, not default
        trafficPolicy:
          outlierDetection: { consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 30s }
    `],
    compliant: [example`
      apiVersion: v1
      kind: Service
      metadata: { name: web, namespace: shop }
      spec:
        selector: { app: web }
        ports: [{ name: http, port: 80, targetPort: http }]
      ---
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: { name: web, namespace: shop }
      spec:
        host: web.shop.svc.cluster.local
        trafficPolicy:
          outlierDetection: { consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 30s }
    `],
  },
  admission: {
    gate: 'synth-and-ci',
    reason: 'a DestinationRule\'s host must name a Service of the output: another object than the one admitted (and Istio\'s kinds are custom resources)',
  },
  check: (dr, { index }) => {
    const host = getIn(dr, ['spec', 'host']);
    if (typeof host !== 'string' || host === '') return [{ path: ['spec', 'host'], message: 'the DestinationRule names no host' }];
    const target = serviceOfHost(host, namespaceOf(dr));
    if (!target) return [];
    const found = index.named(target.namespace, 'Service', target.name) !== undefined;
    return found ? [] : [{ path: ['spec', 'host'], message: `host ${JSON.stringify(host)} names Service ${target.namespace}/${target.name}, which is not among the manifests` }];
  },
});
