import { annotationsOf } from '../k8s/manifest';
import { SUPPRESS_PREFIX, classifySuppressions } from '../engine/suppression-annotations';
import { objectRule } from '../engine/rule';

export const suppressionValid = objectRule({
  id: 'suppression-valid',
  pack: 'objects',
  title: 'Suppressions are valid and reasoned',
  severity: 'error',
  pattern: null,
  description: 'A suppression is an explicit exception with a written reason; one that names no rule, a hard-core rule, or gives no real reason would silently hide a problem.',
  scope: 'metadata.annotations of every object',
  remediation: `Write "${SUPPRESS_PREFIX}<rule-id>: <a sentence explaining the exception>" only for suppressible rules of the catalogue.`,
  suppressible: false,
  check: (obj, ctx) => classifySuppressions(annotationsOf(obj), ctx.rules).problems
    .map((p) => ({ path: ['metadata', 'annotations', `${SUPPRESS_PREFIX}${p.ruleId}`], message: p.message })),
});
