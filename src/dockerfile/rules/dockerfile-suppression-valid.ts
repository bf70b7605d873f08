import { example } from '../../engine/rule';
import { dockerfileRule } from '../rule';
import { SUPPRESS_COMMENT, classifyDockerfileSuppressions } from '../suppression';

/** Judges suppression comments against the rules the audit's context knows (every Dockerfile rule). */
export const dockerfileSuppressionValid = dockerfileRule({
  id: 'dockerfile-suppression-valid',
  title: 'Dockerfile suppressions are valid and reasoned',
  severity: 'error',
  pattern: null,
  description: 'A suppression comment in a Dockerfile is an explicit exception with a written reason; one that names no Dockerfile rule, an unsuppressible rule, or gives no real reason would silently hide a problem.',
  scope: `comments of each Dockerfile that start with "cdk8s-prod:" (a "# ${SUPPRESS_COMMENT} <rule-id> <reason>" comment suppresses that rule for the whole file)`,
  remediation: `Write "# ${SUPPRESS_COMMENT} <rule-id> <a sentence explaining the exception>" with the id of a suppressible Dockerfile rule (\`cdk8s-prod rules\` lists them).`,
  suppressible: false,
  examples: {
    violating: [example`
      # cdk8s-prod:suppress dockerfile-user-non-root TODO
      FROM registry.example.com/shop/base:1.4.2@sha256:8d6b1cd62ada8f25170cc6eca2a35f7931b9db9392c20bdd5741a58af8300a4f
      COPY --chmod=0755 bin/web /usr/local/bin/web
      ENTRYPOINT ["/usr/local/bin/tini", "--", "/usr/local/bin/web"]
    `, example`
      # no-privileged is a manifest rule: it is suppressed on the object, not in the Dockerfile
      # cdk8s-prod:suppress no-privileged the web server needs raw sockets
      FROM registry.example.com/shop/base:1.4.2@sha256:8d6b1cd62ada8f25170cc6eca2a35f7931b9db9392c20bdd5741a58af8300a4f
      COPY --chmod=0755 bin/web /usr/local/bin/web
      USER 10001:10001
      ENTRYPOINT ["/usr/local/bin/tini", "--", "/usr/local/bin/web"]
    `],
    compliant: [example`
      # cdk8s-prod:suppress dockerfile-user-non-root the shop base image ends with USER 10001:10001
      FROM registry.example.com/shop/base:1.4.2@sha256:8d6b1cd62ada8f25170cc6eca2a35f7931b9db9392c20bdd5741a58af8300a4f
      COPY --chmod=0755 bin/web /usr/local/bin/web
      ENTRYPOINT ["/usr/local/bin/tini", "--", "/usr/local/bin/web"]
    `],
  },
  check: (df, ctx) => classifyDockerfileSuppressions(df, ctx.rules).problems
    .map((p) => ({ line: p.line, path: 'comment', message: p.message })),
});
