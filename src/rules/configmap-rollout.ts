import { FieldPath, containersOf, formatPath, getIn, isRecord, namespaceOf } from '../k8s/manifest';
import { podRule } from '../engine/rule';

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
