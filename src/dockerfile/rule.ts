import { Equivalents, RuleMeta } from '../engine/rule';
import { DockerfileModel } from './model';

/** Where a Dockerfile is wrong and why. */
export interface DockerfileViolation {
  /** 1-based line of the offending instruction (or of the FROM of the stage that lacks one). */
  readonly line: number;
  /** `stages[1].RUN`, `stages[0].FROM`, `comment` */
  readonly path: string;
  readonly message: string;
}

export interface DockerfileRuleContext {
  /** Every rule a suppression comment may name, by id. */
  readonly rules: ReadonlyMap<string, RuleMeta>;
}

export interface DockerfileRule extends RuleMeta {
  check(df: DockerfileModel, ctx: DockerfileRuleContext): DockerfileViolation[];
}

type MetaInput = Omit<RuleMeta, 'equivalents' | 'scope' | 'pack'> & { equivalents?: Partial<Equivalents>; scope?: string };

const DEFAULT_SCOPE = 'the final stage of each Dockerfile (the last FROM, with the stages it is built FROM), as `cdk8s-prod check` reads it';

/** A rule over a parsed Dockerfile, with the catalogue's data fields filled in. */
export function dockerfileRule(def: MetaInput & {
  check(df: DockerfileModel, ctx: DockerfileRuleContext): DockerfileViolation[];
}): DockerfileRule {
  const e = def.equivalents ?? {};
  return {
    ...def,
    pack: 'dockerfile',
    scope: def.scope ?? DEFAULT_SCOPE,
    equivalents: { kubeLinter: e.kubeLinter ?? [], polaris: e.polaris ?? [], kyverno: e.kyverno ?? [], pss: e.pss ?? [] },
    check: (df, ctx) => def.check(df, ctx),
  };
}
