import { describeIdentity, identityOf, nameOf } from '../k8s/manifest';
import { example, objectRule } from '../engine/rule';

export const uniqueObjectIdentity = objectRule({
  id: 'unique-object-identity',
  pack: 'objects',
  title: 'Each object is defined once',
  severity: 'error',
  pattern: null,
  description: 'Two definitions of one object (same group, kind, namespace and name) fight: kubectl, Argo CD or Flux applies one over the other in whatever order it reads them, and the rules judged two objects where the cluster keeps one.',
  scope: 'every named object, against all the objects of the app (at synth) or of the files checked together',
  remediation: 'Give each object a name of its own, or define it in one place; a second app that needs the same object should not write it again.',
  suppressible: false,
  examples: {
    violating: [example`
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: web-config, namespace: shop }
      data: { LOG_LEVEL: info }
      ---
      # the worker's settings, copied from the web's file without renaming
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: web-config, namespace: shop }
      data: { LOG_LEVEL: debug, QUEUE: orders }
    `],
    compliant: [example`
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: web-config, namespace: shop }
      data: { LOG_LEVEL: info }
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: worker-config, namespace: shop }
      data: { LOG_LEVEL: debug, QUEUE: orders }
    `],
  },
  admission: {
    gate: 'synth-and-ci',
    reason: 'two manifests of one identity overwrite each other when applied; the API server holds one object per identity, so only a view of the whole output sees the pair',
  },
  check: (obj, { index }) => {
    if (nameOf(obj) === '') return [];
    const count = index.memo('identity', '', () => {
      const counts = new Map<string, number>();
      for (const o of index.objects) {
        if (nameOf(o) === '') continue;
        const id = identityOf(o);
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    }).get(identityOf(obj)) ?? 0;
    if (count < 2) return [];
    return [{ path: ['metadata', 'name'], message: `${count} objects are ${describeIdentity(obj)} (${obj.apiVersion}); the cluster keeps one of them` }];
  },
});
