import { K8sObject, PodTemplate, getIn, nameOf, namespaceOf } from './manifest';

/** The pod volume of ProductionDeployment's nginx sidecar: the ConfigMap that holds its nginx.conf. */
export const PROXY_CONFIG_VOLUME = 'proxy-config';

/** The ConfigMap and nginx.conf of a workload's proxy sidecar, among the objects, when there is one. */
export function proxyConfigOf(obj: K8sObject, pod: PodTemplate, objects: readonly K8sObject[]):
  { map: K8sObject; conf: string } | undefined {
  const volumes: unknown[] = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
  const name = getIn(volumes.find((v) => getIn(v, ['name']) === PROXY_CONFIG_VOLUME), ['configMap', 'name']);
  const map = objects.find((o) => o.kind === 'ConfigMap' && nameOf(o) === name && namespaceOf(o) === namespaceOf(obj));
  const conf = getIn(map, ['data', 'nginx.conf']);
  return map && typeof conf === 'string' ? { map, conf } : undefined;
}
