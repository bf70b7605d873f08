import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';

/** A prop value a construct refuses. The message names the construct path, the prop, the value and what is allowed. */
export class PropError extends Error {
  constructor(
    public readonly constructPath: string,
    public readonly prop: string,
    public readonly given: unknown,
    public readonly allowed: string,
    problem?: string,
  ) {
    super(`${constructPath || '<app>'}: invalid ${prop}: got ${describeValue(given)}${problem ? ` (${problem})` : ''}; ${allowed}`);
    this.name = 'PropError';
  }
}

export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v.length > 120 ? `${v.slice(0, 117)}...` : v);
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'function') return 'a function';
  if (v instanceof Duration) return `Duration "${v.toHumanString()}"`;
  try {
    const s = JSON.stringify(v);
    if (s === undefined) return String(v);
    return s.length > 120 ? `${s.slice(0, 117)}...` : s;
  } catch {
    return Object.prototype.toString.call(v);
  }
}

/** The path of a key below a prop: `env.LOG_LEVEL`, but `labels["app.kubernetes.io/name"]` and `labels["__proto__"]`. */
export function propPath(prop: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) && !['__proto__', 'constructor', 'prototype'].includes(key) ? `${prop}.${key}` : `${prop}["${key}"]`;
}

/**
 * `null` is not "left out": a prop that is null is refused rather than silently defaulted.
 * (Nested optional fields check for null where they default, with their own messages.)
 */
export function refuseNulls(scope: IConstruct, props: object): void {
  for (const [k, v] of Object.entries(props)) {
    if (v === null) refuse(scope, k, null, 'a value, or leave the prop out for its default');
  }
}

/** `value ?? fallback`, except that null is refused: it is a value, not "left out". */
export function orDefault<T>(scope: IConstruct, prop: string, value: T | null | undefined, fallback: T): T {
  if (value === null) refuse(scope, prop, null, 'a value, or leave it out for its default');
  return value === undefined ? fallback : value;
}

/** Throws a PropError for `scope`. */
export function refuse(scope: IConstruct, prop: string, given: unknown, allowed: string, problem?: string): never {
  throw new PropError(scope.node.path, prop, given, allowed, problem);
}
