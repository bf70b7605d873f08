import * as fc from 'fast-check';
import { CATALOGUE } from '../../../src';
import { SUPPRESS_PREFIX } from '../../../src/k8s/annotations';
import { cronJobFields, jobRestartPolicy, jobSpecFields } from './batch';
import { compact, maybe } from './common';
import { image, imagePullPolicy } from './images';
import { appArmorAnnotations, containerSecurityContext, hostFields, podSecurityContext } from './pod-security';
import { containerPorts, probes } from './probes';
import { resources, volumes } from './resources';

/*
 * Kubernetes objects for the differential test of the admission policies: every built-in kind
 * the gate matches, each with a pod (template) assembled from the generators of each pack, the
 * object's suppressions and, sometimes, a controller that made it. The values are valid for the
 * API (the API server would decode them); the test drops the rare combination it would refuse.
 */

/** Reasons on both sides of the reason test, with the whitespace and case RE2 and JavaScript could read differently. */
const REASON = fc.constantFrom(
  'The migration runs once per release and is watched by the on-call engineer.',
  'Legacy image until the 2.0 rewrite lands.',
  '  padded reason with spaces around it  ',
  'todo', 'TODO.', 'n/a', 'Not needed', 'lorem ipsum', 'xxxxxxxxxxxx', 'short one', 'onewordonlyreason',
  '\u00a0\u00a0nbsp around it\u00a0\u00a0', 'tab\tseparated words here', 'ümlaut wörds ärë fine', '', '    ', 'ok', 'Because.',
  'Don\'t care', '\u212aelvin sign kk words',
);

const SUPPRESSIBLE_IDS = CATALOGUE.filter((r) => r.suppressible).map((r) => r.id);
const HARD_IDS = CATALOGUE.filter((r) => !r.suppressible).map((r) => r.id);

/** Suppression annotations: mostly of rules that could apply, some of the hard core or of no rule at all. */
export const suppressions: fc.Arbitrary<Record<string, string>> = fc.array(fc.tuple(
  fc.oneof({ arbitrary: fc.constantFrom(...SUPPRESSIBLE_IDS), weight: 6 }, { arbitrary: fc.constantFrom(...HARD_IDS), weight: 1 }, { arbitrary: fc.constantFrom('no-such-rule', 'dockerfile-user'), weight: 1 }),
  REASON,
), { maxLength: 4 }).map((pairs) => Object.fromEntries(pairs.map(([id, reason]) => [`${SUPPRESS_PREFIX}${id}`, reason])));

const ownerReferences = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 5 },
  { arbitrary: fc.constant([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d4f8', uid: '0b6a9f1e-4c1d-4e55-9b1a-2f7c2d1e9a10', controller: true, blockOwnerDeletion: true }]), weight: 1 },
  { arbitrary: fc.constant([{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: '1c6a9f1e-4c1d-4e55-9b1a-2f7c2d1e9a10' }]), weight: 1 },
);

const CONTAINER_NAMES = ['app', 'sidecar', 'init'];

function container(name: string, init: boolean): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({
    image,
    imagePullPolicy,
    securityContext: maybe(containerSecurityContext, 1),
    resources: maybe(resources, 1),
    ports: maybe(containerPorts, 1),
    probes: init ? fc.constant({}) : probes,
    restartPolicy: init ? fc.constantFrom(undefined, 'Always') : fc.constant(undefined),
    command: maybe(fc.constantFrom(['/sbin/tini', '--', 'web'], ['web'], ['/usr/bin/dumb-init', '--', 'web'], ['tini-static-amd64', 'web'],
      ['dumb-init_1.2.5', 'web'], ['/init'], ['/bin/sh', '-c', 'web'], []), 2),
    volumeMounts: maybe(fc.uniqueArray(fc.record({
      name: fc.constantFrom('scratch', 'logs', 'config'),
      mountPath: fc.constantFrom('/tmp', '/var/log/app', '/app/Logs', '/data/log', '/var/lib/logship', '/etc/app'),
      readOnly: maybe(fc.boolean()),
    }, { requiredKeys: ['name', 'mountPath'] }), { maxLength: 2, selector: (m) => m.mountPath })),
    env: maybe(fc.array(fc.oneof(
      fc.record({ name: fc.constantFrom('LOG_LEVEL', 'MODE'), value: fc.constantFrom('info', 'fast') }),
      fc.record({ name: fc.constant('DB_PASSWORD'), valueFrom: fc.constant({ secretKeyRef: { name: 'db', key: 'password' } }) }),
      fc.record({ name: fc.constant('POD_NAME'), valueFrom: fc.constant({ fieldRef: { fieldPath: 'metadata.name' } }) }),
    ), { maxLength: 2 }), 2),
    envFrom: maybe(fc.constantFrom([{ secretRef: { name: 'db' } }], [{ configMapRef: { name: 'web-config' } }]), 3),
    hostPort: fc.constantFrom(undefined, undefined, undefined, 0, 8080),
  }).chain((c) => {
    // Probes on an init container only when it is a sidecar (the API refuses them otherwise).
    const sidecar = c.restartPolicy === 'Always';
    return (init && sidecar ? probes : fc.constant(c.probes)).map((p) => ({
      name, image: c.image, imagePullPolicy: c.imagePullPolicy, securityContext: c.securityContext, resources: c.resources,
      // A host port on the first declared port, sometimes (0 means none).
      ports: c.ports && c.hostPort !== undefined ? c.ports.map((port, i) => (i === 0 ? { ...port, hostPort: c.hostPort } : port)) : c.ports,
      restartPolicy: c.restartPolicy, command: c.command, volumeMounts: c.volumeMounts, env: c.env, envFrom: c.envFrom, ...p,
    }));
  });
}

type PodClass = 'long-running' | 'batch' | 'pod-spec';

/** A pod spec and the annotations of its metadata. */
function pod(cls: PodClass): fc.Arbitrary<{ spec: Record<string, unknown>; annotations: Record<string, string> }> {
  return fc.record({
    host: hostFields,
    securityContext: maybe(podSecurityContext, 1),
    containers: fc.tuple(container('app', false), maybe(container('sidecar', false), 2)),
    initContainers: maybe(fc.tuple(container('init', true)), 2),
    volumes: maybe(volumes, 1),
    restartPolicy: cls === 'batch' ? jobRestartPolicy : fc.constantFrom(undefined, 'Always'),
    automountServiceAccountToken: maybe(fc.boolean()),
    serviceAccountName: maybe(fc.constantFrom('web', 'default')),
    apparmor: appArmorAnnotations(CONTAINER_NAMES),
    init: fc.constantFrom(undefined, undefined, 'tini', ' ', ''),
  }).map((p) => ({
    spec: compact({
      ...p.host,
      securityContext: p.securityContext,
      containers: p.containers.filter((c) => c !== undefined),
      initContainers: p.initContainers,
      volumes: p.volumes,
      restartPolicy: p.restartPolicy,
      automountServiceAccountToken: p.automountServiceAccountToken,
      serviceAccountName: p.serviceAccountName,
    }),
    annotations: { ...p.apparmor, ...(p.init === undefined ? {} : { 'cdk8s-prod.io/init': p.init }) },
  }));
}

const LABELS = { 'app.kubernetes.io/name': 'web' };

function template(p: { spec: Record<string, unknown>; annotations: Record<string, string> }) {
  const annotations = Object.keys(p.annotations).length > 0 ? p.annotations : undefined;
  return compact({ metadata: { labels: LABELS, annotations }, spec: p.spec });
}

const strategy = fc.oneof(
  fc.constant(undefined),
  fc.constant({ type: 'Recreate' }),
  fc.constantFrom(0, 1, '0%', '25%', '50%', undefined).map((maxUnavailable) => compact({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable, maxSurge: 1 } })),
  fc.constantFrom(0, '25%').map((maxUnavailable) => ({ rollingUpdate: { maxUnavailable } })),
);

/** A StatefulSet's or a DaemonSet's updateStrategy (the API server defaults what is left out). */
const updateStrategy = fc.oneof(
  fc.constant(undefined),
  fc.constant({ type: 'OnDelete' }),
  fc.constantFrom(0, 1, '0%', '10%', undefined).chain((maxUnavailable) => fc.constantFrom(0, 1, '25%', undefined).map((maxSurge) => compact({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable, maxSurge } }))),
  fc.constantFrom(0, 2).map((partition) => ({ type: 'RollingUpdate', rollingUpdate: { partition } })),
);

/** volumeClaimTemplates with and without a size and a StorageClass. */
const claimTemplates = maybe(fc.array(fc.record({
  storageClassName: maybe(fc.constantFrom('ssd', '', 'standard')),
  storage: maybe(fc.constantFrom('20Gi', '1', 5, '500M', '0', '0Gi', '1.5Ti')),
}), { maxLength: 2 }).map((ts) => ts.map((t, i) => compact({
  metadata: { name: `data-${i}` },
  spec: { accessModes: ['ReadWriteOnce'], storageClassName: t.storageClassName, resources: t.storage === undefined ? undefined : { requests: { storage: t.storage } } },
}))));

/** The metadata of a generated object. */
function metadata(kind: string, s: Record<string, string>, owners: unknown, podAnnotations: Record<string, string>) {
  // A Pod's own annotations are its pod annotations.
  const annotations = kind === 'Pod' ? { ...podAnnotations, ...s } : s;
  return compact({
    name: 'web', namespace: 'shop', labels: LABELS, annotations: Object.keys(annotations).length > 0 ? annotations : undefined, ownerReferences: owners,
  });
}

const selector = { matchLabels: LABELS };

/** One object of each kind the gate matches that has a pod template. */
export const workload: fc.Arbitrary<Record<string, unknown>> = fc.constantFrom(
  'Pod', 'PodTemplate', 'ReplicationController', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob',
).chain((kind) => {
  const cls: PodClass = kind === 'Job' || kind === 'CronJob' ? 'batch' : kind === 'PodTemplate' ? 'pod-spec' : 'long-running';
  return fc.record({
    pod: pod(cls),
    suppressions,
    owners: ownerReferences,
    replicas: maybe(fc.constantFrom(0, 1, 2, 3)),
    strategy,
    updateStrategy,
    claimTemplates,
    minReadySeconds: maybe(fc.constantFrom(0, 10)),
    job: jobSpecFields,
    cron: cronJobFields,
  }).map((g) => {
    const meta = metadata(kind, g.suppressions, g.owners, g.pod.annotations);
    const tpl = template(g.pod);
    switch (kind) {
      case 'Pod': return compact({ apiVersion: 'v1', kind, metadata: meta, spec: g.pod.spec });
      case 'PodTemplate': return compact({ apiVersion: 'v1', kind, metadata: meta, template: tpl });
      case 'ReplicationController': return compact({ apiVersion: 'v1', kind, metadata: meta, spec: { replicas: g.replicas, selector: LABELS, template: tpl } });
      case 'Deployment': return compact({ apiVersion: 'apps/v1', kind, metadata: meta, spec: { replicas: g.replicas, selector, strategy: g.strategy, minReadySeconds: g.minReadySeconds, template: tpl } });
      case 'ReplicaSet': return compact({ apiVersion: 'apps/v1', kind, metadata: meta, spec: { replicas: g.replicas, selector, template: tpl } });
      case 'StatefulSet': return compact({ apiVersion: 'apps/v1', kind, metadata: meta, spec: { replicas: g.replicas, serviceName: 'web', selector, updateStrategy: g.updateStrategy, template: tpl, volumeClaimTemplates: g.claimTemplates } });
      case 'DaemonSet': return compact({ apiVersion: 'apps/v1', kind, metadata: meta, spec: { selector, updateStrategy: g.updateStrategy, template: tpl } });
      case 'Job': return compact({ apiVersion: 'batch/v1', kind, metadata: meta, spec: { ...g.job, template: tpl } });
      default: return compact({ apiVersion: 'batch/v1', kind, metadata: meta, spec: { ...g.cron, jobTemplate: { spec: { ...g.job, template: tpl } } } });
    }
  });
});
