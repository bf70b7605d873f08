import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { ProductionApp } from '../../src';

/**
 * The smallest compliant service, written with raw Kubernetes objects (cdk8s-plus-28's L1
 * classes) to show that ProductionApp polices whatever makes an object, not only our constructs.
 */
export function build(app: ProductionApp): void {
  // The Namespace is cluster-scoped: it lives in a chart without a namespace.
  const cluster = new Chart(app, 'hello-namespace', { disableResourceNameHashes: true });
  const chart = new Chart(app, 'hello', { namespace: 'hello', disableResourceNameHashes: true });
  const labels = { 'app.kubernetes.io/name': 'hello', 'app.kubernetes.io/part-of': 'hello' };
  const q = (s: string) => k8s.Quantity.fromString(s);
  const port = k8s.IntOrString.fromString('http');
  const dns = [{ port: k8s.IntOrString.fromNumber(53), protocol: 'UDP' }, { port: k8s.IntOrString.fromNumber(53), protocol: 'TCP' }];

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
  new k8s.KubeServiceAccount(chart, 'service-account', { metadata: { name: 'hello' }, automountServiceAccountToken: false });
  new k8s.KubeDeployment(chart, 'deployment', {
    metadata: { name: 'hello', labels },
    spec: {
      replicas: 3,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) } },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: 'hello',
          automountServiceAccountToken: false,
          shareProcessNamespace: true,
          securityContext: { runAsNonRoot: true, runAsUser: 101, runAsGroup: 101, fsGroup: 101, seccompProfile: { type: 'RuntimeDefault' } },
          topologySpreadConstraints: ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
            maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels },
          })),
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [{
                weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: labels } },
              }],
            },
          },
          containers: [{
            name: 'web',
            image: 'docker.io/nginxinc/nginx-unprivileged:1.27.3-alpine',
            imagePullPolicy: 'IfNotPresent',
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            livenessProbe: { tcpSocket: { port }, periodSeconds: 10 },
            readinessProbe: { httpGet: { path: '/', port }, periodSeconds: 5 },
            resources: { requests: { cpu: q('50m'), memory: q('64Mi') }, limits: { cpu: q('200m'), memory: q('128Mi') } },
            securityContext: {
              allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
              capabilities: { drop: ['ALL'] },
            },
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          }],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: q('32Mi') } }],
        },
      },
    },
  });
  new k8s.KubePodDisruptionBudget(chart, 'pdb', {
    metadata: { name: 'hello' },
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: { matchLabels: labels } },
  });
  new k8s.KubeService(chart, 'service', {
    metadata: { name: 'hello' },
    spec: { type: 'ClusterIP', selector: labels, ports: [{ name: 'http', port: 80, targetPort: port, protocol: 'TCP' }] },
  });
  new k8s.KubeNetworkPolicy(chart, 'ingress', {
    metadata: { name: 'hello' },
    spec: { podSelector: { matchLabels: labels }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port, protocol: 'TCP' }] }] },
  });
}
