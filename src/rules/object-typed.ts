import { isRecord } from '../k8s/manifest';
import { Violation, example, objectRule } from '../engine/rule';

export const objectTyped = objectRule({
  id: 'object-typed',
  pack: 'objects',
  title: 'Objects say what they are',
  severity: 'error',
  pattern: null,
  description: 'kubectl applies only objects whose apiVersion and kind are strings and whose metadata is a map with a string name; anything else fails the apply, and the rules cannot tell what such an object is.',
  scope: 'every object',
  lists: true,
  remediation: 'Give every object an apiVersion and a kind (strings, e.g. apps/v1 and Deployment) and a metadata map with its name.',
  suppressible: false,
  examples: {
    violating: [example`
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: 2024, namespace: shop }  # YAML reads 2024 as a number
      data: { LOG_LEVEL: info }
    `],
    compliant: [example`
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: "2024", namespace: shop }
      data: { LOG_LEVEL: info }
    `],
  },
  admission: {
    gate: 'api-server',
    reason: 'the API server refuses an object without an apiVersion and a kind, or with a metadata that is not a map, before admission',
  },
  check: (obj) => {
    const out: Violation[] = [];
    for (const field of ['apiVersion', 'kind'] as const) {
      const v = (obj as Record<string, unknown>)[field];
      if (typeof v !== 'string' || v.trim() === '') out.push({ path: [field], message: `${field} is ${JSON.stringify(v) ?? 'missing'}, not the name of a ${field === 'kind' ? 'kind' : 'group and version'}` });
    }
    const meta = (obj as Record<string, unknown>).metadata;
    if (meta !== undefined && !isRecord(meta)) out.push({ path: ['metadata'], message: `metadata is ${JSON.stringify(meta)}, not a map` });
    else if (isRecord(meta) && meta.name !== undefined && typeof meta.name !== 'string') out.push({ path: ['metadata', 'name'], message: `metadata.name is ${JSON.stringify(meta.name)}, not a name` });
    return out;
  },
});
