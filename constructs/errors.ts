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

/** Throws a PropError for `scope`. */
export function refuse(scope: IConstruct, prop: string, given: unknown, allowed: string, problem?: string): never {
  throw new PropError(scope.node.path, prop, given, allowed, problem);
}
