import { FieldPath, containersOf, formatPath, getIn, isRecord, namespaceOf } from '../k8s/manifest';
import { example, podRule } from '../engine/rule';

/**
 * A name that ends in a content hash: ConfigMapGenerator-style (kustomize encodes 10 characters
 * without vowels) or hex digits (ConfiguredApp's sha256 prefix, Helm-style checksums). A hex hash
 * may happen to hold no digit, so letters-only hex counts too.
 */
const HASHED = /-([0-9a-f]{8,}|[bcdfghkmt2-9]{10})$/;

export const configmapRollout = podRule({
  id: 'configmap-rollout',
  pack: 'configuration',
  title: 'A config change rolls the pods',
  severity: 'error',
  pattern: 11,
  description: 'Editing a ConfigMap does not restart the pods that read it: environment variables keep the old values until the next restart, and files change under a running process. An immutable ConfigMap whose name carries a hash of its content (or a checksum annotation on the pod template) turns every config change into a rollout.',
  workloads: 'long-running',
  scope: 'ConfigMaps that long-running workloads use (volumes, projected volumes, envFrom, env valueFrom) and that are among the checked manifests; ConfigMaps made elsewhere cannot be judged',
  remediation: 'Generate the ConfigMap with a content hash in its name and immutable: true (ConfiguredApp does; so does kustomize\'s configMapGenerator), or put a checksum of its data in a pod template annotation (checksum/config).',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: web-config, namespace: shop }
      data: { LOG_LEVEL: info }
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                envFrom: [{ configMapRef: { name: web-config } }]
    `],
    compliant: [example`
      # new content gets a new name, which changes the pod template and rolls the pods
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: web-config-7f3a9c2e1b, namespace: shop }
      immutable: true
      data: { LOG_LEVEL: info }
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                envFrom: [{ configMapRef: { name: web-config-7f3a9c2e1b } }]
    `, example`
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: web-config, namespace: shop }
      data: { LOG_LEVEL: info }
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        selector: { matchLabels: { app: web } }
        template:
          metadata:
            labels: { app: web }
            annotations:
              # a sha256 of web-config's data, written by the tool that renders the manifests
              checksum/config: 3b1f0c9e8a7d6b5c4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                envFrom: [{ configMapRef: { name: web-config } }]
    `],
  },
  admission: {
    gate: 'synth-and-ci',
    reason: 'whether a workload rolls when its ConfigMap changes depends on the ConfigMap\'s name and the workloads that mount it: other objects than the one admitted',
  },
  check: (pod, obj, { index }) => {
    const annotations = getIn(obj, [...pod.metadataPath, 'annotations']);
    const hasChecksum = isRecord(annotations) && Object.keys(annotations).some((k) => /(^|\/)checksum|config-hash/.test(k));
    if (hasChecksum) return [];
    const uses: Array<{ name: unknown; path: FieldPath }> = [];
    const volumes = pod.spec.volumes;
    if (Array.isArray(volumes)) {
      volumes.forEach((v, i) => {
        if (!isRecord(v)) return;
        if (isRecord(v.configMap)) uses.push({ name: v.configMap.name, path: [...pod.specPath, 'volumes', i, 'configMap', 'name'] });
        const sources = getIn(v, ['projected', 'sources']);
        if (Array.isArray(sources)) {
          sources.forEach((s, j) => {
            if (isRecord(s) && isRecord(s.configMap)) uses.push({ name: s.configMap.name, path: [...pod.specPath, 'volumes', i, 'projected', 'sources', j, 'configMap', 'name'] });
          });
        }
      });
    }
    for (const c of containersOf(pod)) {
      const envFrom = c.container.envFrom;
      if (Array.isArray(envFrom)) {
        envFrom.forEach((e, i) => {
          if (isRecord(e) && isRecord(e.configMapRef)) uses.push({ name: e.configMapRef.name, path: [...c.path, 'envFrom', i, 'configMapRef', 'name'] });
        });
      }
      const env = c.container.env;
      if (Array.isArray(env)) {
        env.forEach((e, i) => {
          const ref = getIn(e, ['valueFrom', 'configMapKeyRef']);
          if (isRecord(ref)) uses.push({ name: ref.name, path: [...c.path, 'env', i, 'valueFrom', 'configMapKeyRef', 'name'] });
        });
      }
    }
    const ns = namespaceOf(obj);
    // One finding per ConfigMap, at its first use: a ConfigMap read by twenty env variables is one problem.
    const byConfigMap = new Map<unknown, FieldPath[]>();
    for (const u of uses) {
      const list = byConfigMap.get(u.name);
      if (list) list.push(u.path);
      else byConfigMap.set(u.name, [u.path]);
    }
    const out = [];
    for (const [name, paths] of byConfigMap) {
      const cm = index.named(ns, 'ConfigMap', name);
      if (!cm) continue;
      const immutable = cm.immutable === true;
      const hashed = typeof name === 'string' && HASHED.test(name);
      if (immutable && hashed) continue;
      const why = !immutable && !hashed ? 'is mutable and its name carries no content hash'
        : !immutable ? 'is mutable' : 'is immutable but its name carries no content hash, so new content cannot get a new name';
      const more = paths.length > 1 ? ` (the pods read it in ${paths.length} places: ${paths.map(formatPath).join(', ')})` : '';
      out.push({ path: paths[0], message: `ConfigMap ${JSON.stringify(name)} ${why}, and the pod template has no checksum annotation: a config change would not roll the pods${more}` });
    }
    return out;
  },
});
