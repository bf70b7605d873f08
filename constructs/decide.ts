declare const UNDECIDED: unique symbol;

/** What `decide()` returns: assignable to no prop, so code with an open decision does not compile. */
export interface Undecided {
  readonly [UNDECIDED]: true;
}

/**
 * A decision `cdk8s-prod import` left to a person (a probe, a limit, a deadline the manifests did
 * not have), named by the rule that needs it. It does not type-check where a value is expected,
 * and it throws if run without type-checking: replace each call with the value you choose.
 */
export function decide(rule: string, why: string): Undecided {
  throw new Error(`cdk8s-prod import left a decision open: ${rule}: ${why} (replace decide(…) with the value you choose)`);
}
