import * as fc from 'fast-check';

/** A value, or the field left out (undefined fields are dropped from the generated objects). */
export function maybe<T>(arb: fc.Arbitrary<T>, weightAbsent = 1): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: weightAbsent }, { arbitrary: arb, weight: 2 });
}

/** Drops undefined entries, so that a generated object is what JSON would hold. */
export function compact<T>(v: T): T {
  if (Array.isArray(v)) return v.map(compact) as T;
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, compact(x)])) as T;
  }
  return v;
}

/** Container and port names the generated pods use, so that probes may or may not name a declared port. */
export const PORT_NAMES = ['http', 'metrics', 'grpc'];
export const PORT_NUMBERS = [8080, 9090, 50051, 3000];
