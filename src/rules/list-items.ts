import { FieldPath, isRecord } from '../k8s/manifest';
import { MAX_LIST_DEPTH, hasItems, isApplicable, typedItem } from '../k8s/lists';
import { Violation, example, objectRule } from '../engine/rule';

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'map' : typeof v);

export const listItems = objectRule({
  id: 'list-items',
  pack: 'objects',
  title: 'Lists hold objects kubectl can read',
  severity: 'error',
  pattern: null,
  description: 'kubectl reads any object with an `items` field as a list and applies its items (a kind-less item of a `PodList` becomes a Pod): '
    + 'each item is checked as the object it becomes, and an item kubectl cannot type would fail the whole apply.',
  scope: 'every object with an `items` field, and the lists inside it',
  lists: true,
  remediation: 'Give `items` a list of whole objects, each with its apiVersion and kind (a typed list such as PodList may leave both out), or write the objects as separate documents.',
  suppressible: false,
  examples: {
    violating: [example`
      apiVersion: v1
      kind: List
      items:
        - apiVersion: v1
          kind: ConfigMap
          metadata: { name: web-config, namespace: shop }
          data: { LOG_LEVEL: info }
        - metadata: { name: web-flags, namespace: shop }  # no apiVersion or kind: a List gives its items none
          data: { NEW_CHECKOUT: "false" }
    `],
    compliant: [example`
      apiVersion: v1
      kind: List
      items:
        - apiVersion: v1
          kind: ConfigMap
          metadata: { name: web-config, namespace: shop }
          data: { LOG_LEVEL: info }
        - apiVersion: v1
          kind: ConfigMap
          metadata: { name: web-flags, namespace: shop }
          data: { NEW_CHECKOUT: "false" }
    `],
  },
  admission: {
    gate: 'api-server',
    reason: 'kubectl sends the items of a List one by one and the API server has no List resource to create: admission only ever sees the items, each judged as an object',
  },
  check: (obj) => {
    const out: Violation[] = [];
    const visit = (o: Record<string, any>, prefix: FieldPath, depth: number) => {
      if (!hasItems(o)) return;
      if (!Array.isArray(o.items)) {
        out.push({ path: [...prefix, 'items'], message: `\`items\` is a ${typeOf(o.items)}: kubectl reads an object with \`items\` as a list, and cannot read these items` });
        return;
      }
      if (depth >= MAX_LIST_DEPTH) {
        out.push({ path: [...prefix, 'items'], message: `lists nest more than ${MAX_LIST_DEPTH} deep here` });
        return;
      }
      o.items.forEach((item: unknown, i: number) => {
        const at = [...prefix, 'items', i];
        if (!isRecord(item)) {
          out.push({ path: at, message: `items[${i}] is a ${typeOf(item)}, not an object` });
          return;
        }
        const typed = typedItem(o as never, item);
        if (!isApplicable(typed)) {
          const missing = typeof typed.kind !== 'string' || typed.kind === '' ? 'kind' : 'apiVersion';
          const why = item.kind === undefined && item.apiVersion === undefined ? ` (a "${o.kind}" gives its items none)` : '';
          out.push({ path: [...at, missing], message: `items[${i}] has no ${missing}${why}, so kubectl cannot apply it` });
          return;
        }
        visit(typed, at, depth + 1);
      });
    };
    visit(obj, [], 0);
    return out;
  },
});
