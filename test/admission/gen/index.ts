import * as fc from 'fast-check';
import { more } from './more';
import { workload } from './objects';
import { other } from './others';

/** Any object of a kind the admission gate matches: mostly workloads, some objects without pods. */
export const admissionObject: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { arbitrary: workload, weight: 8 },
  { arbitrary: other, weight: 2 },
  { arbitrary: more, weight: 2 },
);
