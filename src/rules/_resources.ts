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

/** The suffixes of a quantity and their factors, as parseQuantity (k8s/manifest.ts) applies them; two-letter ones first. */
const SUFFIXES: ReadonlyArray<[string, number]> = [
  ['Ki', 2 ** 10], ['Mi', 2 ** 20], ['Gi', 2 ** 30], ['Ti', 2 ** 40], ['Pi', 2 ** 50], ['Ei', 2 ** 60],
  ['m', 1e-3], ['k', 1e3], ['M', 1e6], ['G', 1e9], ['T', 1e12], ['P', 1e15], ['E', 1e18],
];

/** A JavaScript number as a CEL double literal that parses back to the same double. */
export function celDouble(n: number): string {
  const s = String(n);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/**
 * CEL: the quantity `q` (a JSON number or a quantity string the API server accepted) in base
 * units, as a double computed as parseQuantity computes it (the number parsed, times the
 * suffix's factor), so both give the same IEEE double. Kubernetes 1.28 has no quantity() for
 * new expressions.
 */
export function celQuantity(q: string): string {
  const bySuffix = SUFFIXES.reduceRight(
    (rest, [suffix, factor]) => `${q}.endsWith('${suffix}') ? double(${q}.substring(0, size(${q}) - ${suffix.length})) * ${celDouble(factor)} : ${rest}`,
    `double(${q})`,
  );
  return `(type(${q}) == int ? double(${q}) : type(${q}) == double ? ${q} : ${bySuffix})`;
}

/** CEL over container `c`: its `section.resource` quantity is set and above zero (requiredQuantity). */
export function celRequiredQuantity(section: ResourceSection, resource: ResourceName): string {
  const q = `c.resources.${section}.${resource}`;
  return `variables.containers.all(c, has(c.resources) && has(c.resources.${section}) && has(${q}) && ${celQuantity(q)} > 0.0)`;
}
