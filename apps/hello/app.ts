import { Chart, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { ProductionApp, ProductionDeployment, Probe } from '../../src';

/**
 * The smallest production service: one ProductionDeployment, in a namespace whose quota,
 * limits and default-deny policy are written as raw Kubernetes objects (cdk8s-plus-28's L1
 * classes). ProductionApp polices both alike.
 */
export function build(app: ProductionApp): void {
  // The Namespace is cluster-scoped: it lives in a chart without a namespace.
  const cluster = new Chart(app, 'hello-namespace', { disableResourceNameHashes: true });
  const chart = new Chart(app, 'hello', { namespace: 'hello', disableResourceNameHashes: true });
  const q = (s: string) => k8s.Quantity.fromString(s);
  const dns = [53].flatMap((port) => ['UDP', 'TCP'].map((protocol) => ({ port: k8s.IntOrString.fromNumber(port), protocol })));

  new k8s.KubeNamespace(cluster, 'namespace', {
    metadata: {
      name: 'hello',
      labels: Object.fromEntries(['enforce', 'audit', 'warn'].map((m) => [`pod-security.kubernetes.io/${m}`, 'restricted'])),
    },
  });
  new k8s.KubeResourceQuota(chart, 'quota', {
    metadata: { name: 'quota' },
    spec: { hard: { 'requests.cpu': q('1'), 'requests.memory': q('1Gi'), 'limits.memory': q('2Gi'), 'pods': q('10') } },
  });
  new k8s.KubeLimitRange(chart, 'limits', {
    metadata: { name: 'limits' },
    spec: {
      limits: [{
        type: 'Container',
        defaultRequest: { cpu: q('50m'), memory: q('64Mi') },
        default: { cpu: q('200m'), memory: q('128Mi') },
        max: { cpu: q('1'), memory: q('512Mi') },
      }],
    },
  });
  new k8s.KubeNetworkPolicy(chart, 'default-deny', {
    metadata: { name: 'default-deny' },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], egress: [{ ports: dns }] },
  });

  new ProductionDeployment(chart, 'hello', {
    // nginx's unprivileged image runs as uid 101 and keeps its pid and temp files in /tmp.
    image: 'docker.io/nginxinc/nginx-unprivileged:1.27.3-alpine',
    podSecurity: { user: 101, group: 101 },
    ports: [{ name: 'http', port: 8080, servicePort: 80 }],
    liveness: Probe.tcp({ port: 'http' }),
    readiness: Probe.http('/', { port: 'http', period: Duration.seconds(5) }),
    resources: 'nano',
    partOf: 'hello',
  });
}
