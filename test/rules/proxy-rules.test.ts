import { K8sObject } from '../../src/k8s/manifest';
import { serviceOfHost } from '../../src/rules/destination-rule-host';
import { NS, compliantSet, deployment, service } from '../fixtures';
import { findingsOf, replace, rulePaths } from '../helpers';

/** The fixture Deployment with a proxy sidecar fronting its "http" port. */
function proxied(): K8sObject[] {
  const d = deployment();
  d.spec.template.metadata.annotations = { 'cdk8s-prod.io/proxied-port': 'http' };
  d.spec.template.spec.containers.push({ ...d.spec.template.spec.containers[0], name: 'proxy', ports: [{ name: 'proxy', containerPort: 8081 }] });
  const s = service();
  s.spec.ports = [{ name: 'http', port: 80, targetPort: 'proxy' }];
  return replace(replace(compliantSet(), d), s);
}

describe('service-bypasses-proxy', () => {
  test('flags a Service port that targets the fronted port by name or by number', () => {
    const byName = proxied();
    byName.find((o) => o.kind === 'Service')!.spec.ports = [{ name: 'http', port: 80, targetPort: 'http' }];
    const found = findingsOf('service-bypasses-proxy', byName);
    expect(rulePaths(found)).toEqual([['service-bypasses-proxy', 'spec.ports[0].targetPort']]);
    expect(found[0].message).toBe('port "http" sends traffic to the app\'s port "http" of Deployment/web, past its proxy sidecar');
    const byNumber = proxied();
    byNumber.find((o) => o.kind === 'Service')!.spec.ports = [{ name: 'web', port: 8080 }];
    expect(rulePaths(findingsOf('service-bypasses-proxy', byNumber))).toEqual([['service-bypasses-proxy', 'spec.ports[0].targetPort']]);
  });

  test('passes a Service that targets the proxy, pods without a proxy, and the compliant set', () => {
    expect(findingsOf('service-bypasses-proxy', proxied())).toEqual([]);
    expect(findingsOf('service-bypasses-proxy', compliantSet())).toEqual([]);
  });
});

describe('destination-rule-host', () => {
  const dr = (host: unknown): K8sObject => ({ apiVersion: 'networking.istio.io/v1beta1', kind: 'DestinationRule', metadata: { name: 'web', namespace: NS }, spec: { host } });

  test('flags a host that names no Service of the manifests, and a missing host', () => {
    const found = findingsOf('destination-rule-host', [...compliantSet(), dr('weather.shop.svc.cluster.local'), { ...dr(undefined), metadata: { name: 'x', namespace: NS } }]);
    expect(rulePaths(found)).toEqual([['destination-rule-host', 'spec.host'], ['destination-rule-host', 'spec.host']]);
    expect(found[0].message).toBe('host "weather.shop.svc.cluster.local" names Service shop/weather, which is not among the manifests');
  });

  test('passes every spelling of an existing Service, and hosts outside the cluster', () => {
    for (const host of ['web', 'web.shop', 'web.shop.svc', 'web.shop.svc.cluster.local', 'api.example.com']) {
      expect(findingsOf('destination-rule-host', [...compliantSet(), dr(host)])).toEqual([]);
    }
    expect(findingsOf('destination-rule-host', compliantSet())).toEqual([]);
  });

  test('serviceOfHost reads the forms Istio accepts', () => {
    expect(serviceOfHost('web', 'shop')).toEqual({ name: 'web', namespace: 'shop' });
    expect(serviceOfHost('web.other', 'shop')).toEqual({ name: 'web', namespace: 'other' });
    expect(serviceOfHost('web.other.svc.cluster.local', 'shop')).toEqual({ name: 'web', namespace: 'other' });
    expect(serviceOfHost('api.example.com', 'shop')).toBeUndefined();
  });
});
