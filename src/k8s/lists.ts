import { FieldPath, K8sObject, isRecord } from './manifest';

/**
 * How kubectl reads an object that has `items`: apimachinery decodes ANY object with an `items`
 * field as a list (whatever its kind), kubectl applies the items instead of the object, items that
 * are lists are flattened in turn, and an item with neither `kind` nor `apiVersion` takes them from
 * the list (`PodList` items become Pods of the list's apiVersion). Other tools may apply a
 * non-`*List` object as it is, so such an object is judged both ways: as itself and by its items.
 */

/** One object as a reader of the manifests may see it. */
export interface ExpandedObject {
  readonly object: K8sObject;
  /** Where it is inside the written object (`items[0].items[2]`); empty for the object itself. */
  readonly pathPrefix: FieldPath;
  /** A `*List` container: kubectl applies its items, never the list itself. */
  readonly list: boolean;
}

/** Lists nest no deeper than this; a deeper one is refused by the `list-items` rule. */
export const MAX_LIST_DEPTH = 8;

export function hasItems(obj: unknown): boolean {
  return isRecord(obj) && Object.prototype.hasOwnProperty.call(obj, 'items') && obj.items !== null && obj.items !== undefined;
}

export function isListKind(kind: unknown): boolean {
  return typeof kind === 'string' && kind.endsWith('List');
}

/** An item as kubectl types it: its own kind and apiVersion, or the list's when it has neither. */
export function typedItem(list: K8sObject, item: Record<string, any>): Record<string, any> {
  if (item.kind !== undefined || item.apiVersion !== undefined) return item;
  return { ...item, apiVersion: list.apiVersion, kind: String(list.kind).replace(/List$/, '') };
}

/** True when the value is an object kubectl can apply: a map with a non-empty kind and apiVersion. */
export function isApplicable(x: unknown): x is K8sObject {
  return isRecord(x) && typeof x.kind === 'string' && x.kind !== '' && typeof x.apiVersion === 'string' && x.apiVersion !== '';
}

/**
 * The object and every item reachable through `items`, typed as kubectl types them. Items that
 * kubectl cannot read (not a map, no kind) are left out: the `list-items` rule reports them.
 */
export function expandLists(obj: K8sObject): ExpandedObject[] {
  const out: ExpandedObject[] = [];
  const visit = (o: K8sObject, prefix: FieldPath, depth: number) => {
    const container = hasItems(o);
    out.push({ object: o, pathPrefix: prefix, list: container && isListKind(o.kind) });
    if (!container || !Array.isArray(o.items) || depth >= MAX_LIST_DEPTH) return;
    o.items.forEach((item: unknown, i: number) => {
      if (!isRecord(item)) return;
      const typed = typedItem(o, item);
      if (isApplicable(typed)) visit(typed, [...prefix, 'items', i], depth + 1);
    });
  };
  visit(obj, [], 0);
  return out;
}

/** The objects a reader applies from these: lists replaced by their items. */
export function applicableObjects(objects: readonly K8sObject[]): K8sObject[] {
  return objects.flatMap((o) => expandLists(o).filter((e) => !e.list).map((e) => e.object));
}
