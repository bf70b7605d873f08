import { K8sObject } from '../src/k8s/manifest';

/**
 * A small production system that passes every rule of the catalogue. Each call returns fresh
 * objects, so a test can break one field and assert exactly what the rule says about it.
 */

export const NS = 'shop';

export function podSecurityContext(): Record<string, any> {
  return { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } };
}

export function containerSecurityContext(): Record<string, any> {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
  };
}

export function appContainer(): Record<string, any> {
  return {
    name: 'app',
    image: 'registry.example.com/shop/web:1.4.2',
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10, failureThreshold: 3 },
    readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5, failureThreshold: 2 },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    securityContext: containerSecurityContext(),
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

export function batchContainer(name: string): Record<string, any> {
  return {
    name,
    image: 'registry.example.com/shop/tools:2.0.1',
    imagePullPolicy: 'IfNotPresent',
    command: ['/app/run', name],
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
    securityContext: containerSecurityContext(),
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

export function tmpVolume(): Record<string, any> {
  return { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } };
}

const webLabels = () => ({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' });

export function namespace(): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: NS,
      labels: {
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
    },
  };
}

export function resourceQuota(): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'quota', namespace: NS },
    spec: { hard: { 'requests.cpu': '4', 'requests.memory': '8Gi', 'limits.memory': '16Gi', 'pods': '40' } },
  };
}

export function limitRange(): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'limits', namespace: NS },
    spec: {
      limits: [{
        type: 'Container',
        defaultRequest: { cpu: '100m', memory: '128Mi' },
        default: { cpu: '500m', memory: '256Mi' },
        max: { cpu: '2', memory: '2Gi' },
      }],
    },
  };
}

export function serviceAccount(name: string): K8sObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: NS }, automountServiceAccountToken: false };
}

export function podSpec(containers: Record<string, any>[], serviceAccountName: string): Record<string, any> {
  return {
    serviceAccountName,
    automountServiceAccountToken: false,
    shareProcessNamespace: true,
    securityContext: podSecurityContext(),
    containers,
    volumes: [tmpVolume()],
  };
}

export function deployment(): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: NS, labels: webLabels() },
    spec: {
      replicas: 3,
      selector: { matchLabels: webLabels() },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: webLabels() },
        spec: {
          ...podSpec([appContainer()], 'web'),
          terminationGracePeriodSeconds: 30,
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: webLabels() } },
            { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: webLabels() } },
          ],
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [{
                weight: 100,
                podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: webLabels() } },
              }],
            },
          },
        },
      },
    },
  };
}

export function podDisruptionBudget(): K8sObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web', namespace: NS },
    spec: { maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: { matchLabels: webLabels() } },
  };
}

export function service(): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: NS },
    spec: { type: 'ClusterIP', selector: webLabels(), ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
  };
}

export function networkPolicy(): K8sObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'web', namespace: NS },
    spec: {
      podSelector: { matchLabels: webLabels() },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [{ port: 'http', protocol: 'TCP' }] }],
      egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }],
    },
  };
}

/** Denies all traffic to and from every pod of the namespace that no other policy admits. */
export function defaultDenyNetworkPolicy(): K8sObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny', namespace: NS },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }] },
  };
}

export function configMap(): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'web-config-5f7c2d9b1a', namespace: NS },
    immutable: true,
    data: { 'app.yaml': 'listen: 8080\nlogLevel: info\n' },
  };
}

export function job(): K8sObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'migrate', namespace: NS },
    spec: {
      activeDeadlineSeconds: 600,
      backoffLimit: 3,
      ttlSecondsAfterFinished: 86400,
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'migrate' } },
        spec: { ...podSpec([batchContainer('migrate')], 'migrate'), restartPolicy: 'Never' },
      },
    },
  };
}

export function cronJob(): K8sObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'report', namespace: NS },
    spec: {
      schedule: '0 3 * * *',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          activeDeadlineSeconds: 1800,
          backoffLimit: 2,
          template: {
            metadata: { labels: { 'app.kubernetes.io/name': 'report' } },
            spec: { ...podSpec([batchContainer('report')], 'report'), restartPolicy: 'Never' },
          },
        },
      },
    },
  };
}

/** The whole compliant system. */
export function compliantSet(): K8sObject[] {
  return [
    namespace(), resourceQuota(), limitRange(), defaultDenyNetworkPolicy(),
    serviceAccount('web'), deployment(), podDisruptionBudget(), service(), networkPolicy(), configMap(),
    serviceAccount('migrate'), job(),
    serviceAccount('report'), cronJob(),
  ];
}
