import { PropError } from '../../constructs/errors';

/**
 * The PropError that building something throws. Any other error (a TypeError, a RangeError) or
 * no error at all fails the test: a refusal must always name the construct path and the prop.
 */
export function propErrorOf(build: () => unknown): PropError {
  try {
    build();
  } catch (e) {
    if (e instanceof PropError) return e;
    throw new Error(`expected a PropError, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
  }
  throw new Error('expected the construct to refuse its props, but it was built');
}
