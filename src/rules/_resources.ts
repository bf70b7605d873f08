import { ContainerRef, FieldPath, getIn, parseQuantity } from '../k8s/manifest';
import { Violation, describeContainer } from '../engine/rule';

export type ResourceSection = 'requests' | 'limits';
export type ResourceName = 'cpu' | 'memory';

const NOUNS: Record<ResourceSection, Record<ResourceName, string>> = {
  requests: { cpu: 'CPU request', memory: 'memory request' },
  limits: { cpu: 'CPU limit', memory: 'memory limit' },
};

export interface QuantityField {
  readonly path: FieldPath;
  /** What the manifest holds (undefined when unset). */
  readonly raw: unknown;
  /** The parsed quantity in base units (cores, bytes); undefined when unset or malformed. */
  readonly value: number | undefined;
  readonly noun: string;
}

export function quantityField(c: ContainerRef, section: ResourceSection, resource: ResourceName): QuantityField {
  const raw = getIn(c.container, ['resources', section, resource]);
  return {
    path: [...c.path, 'resources', section, resource],
    raw: raw === null ? undefined : raw,
    value: raw === null ? undefined : parseQuantity(raw),
    noun: NOUNS[section][resource],
  };
}

/** The violation of a quantity that must be set, well-formed and above zero. */
export function requiredQuantity(c: ContainerRef, section: ResourceSection, resource: ResourceName): Violation[] {
  const q = quantityField(c, section, resource);
  const who = describeContainer(c);
  if (q.raw === undefined) return [{ path: q.path, message: `${who} has no ${q.noun}` }];
  if (q.value === undefined) return [{ path: q.path, message: `${who} has ${q.noun} ${JSON.stringify(q.raw)}, which is not a valid quantity` }];
  if (!(q.value > 0)) return [{ path: q.path, message: `${who} has ${q.noun} ${JSON.stringify(q.raw)}, which is not more than zero` }];
  return [];
}
