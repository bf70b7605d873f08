import { Chart, Duration } from 'cdk8s';
import { ProductionApp, ProductionDeployment, Probe, QuotaNamespace } from 'cdk8s-prod';

/** The smallest production service: one ProductionDeployment in its own QuotaNamespace. */
export function build(app: ProductionApp): void {
  const chart = new Chart(app, 'hello', { disableResourceNameHashes: true });
  const ns = new QuotaNamespace(chart, 'hello', {
    quota: { requestsCpu: '1', requestsMemory: '1Gi', limitsMemory: '2Gi', pods: 10 },
  });
  new ProductionDeployment(ns, 'web', {
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
