import { example } from '../../engine/rule';
import { ImageInit, initOfProgram } from '../../k8s/processes';
import { Command, pid1Program } from '../model';
import { DockerfileViolation, dockerfileRule } from '../rule';

/** The init a command starts as PID 1, if any. */
export function initOf(cmd: Command): ImageInit | undefined {
  const p = pid1Program(cmd.argv);
  return 'program' in p ? initOfProgram(p.program) : undefined;
}

function shellForm(cmd: Command, shell: string): DockerfileViolation {
  return {
    line: cmd.line,
    path: cmd.path,
    message: `${cmd.keyword} uses the shell form, so "${shell} -c" is PID 1: it does not forward SIGTERM to ${JSON.stringify(cmd.text.trim())} and reaps no zombies`,
  };
}

function judge(cmd: Command): DockerfileViolation[] {
  const p = pid1Program(cmd.argv);
  if ('shell' in p) return [shellForm(cmd, p.shell || cmd.argv[0] || '/bin/sh')];
  if (initOfProgram(p.program) !== undefined) return [];
  return [{
    line: cmd.line,
    path: cmd.path,
    message: `${cmd.keyword} runs ${JSON.stringify(p.program)} as PID 1 without an init: the kernel gives PID 1 no default signal handlers, so SIGTERM can be ignored until the kill after the grace period, and orphaned children are never reaped`,
  }];
}

export const dockerfileInitEntrypoint = dockerfileRule({
  id: 'dockerfile-init-entrypoint',
  title: 'The image starts an init as PID 1',
  severity: 'warning',
  pattern: 2,
  description: 'The process an image starts is PID 1 in its container; the kernel gives PID 1 no default signal handlers and makes it the parent of every orphan, so an app that is not written for it ignores SIGTERM and leaves zombies (the workshop\'s `sleep` could not be stopped). A shell form ENTRYPOINT or CMD is worse: `/bin/sh -c` is PID 1 and does not forward signals to the app.',
  scope: 'the ENTRYPOINT of the final image (else its CMD) in each Dockerfile, through the stages the final stage is built FROM; a final image that sets neither inherits its base image\'s, which the Dockerfile does not show, and is not judged; a CMD alone is judged as PID 1 although the base image may set an ENTRYPOINT',
  remediation: 'Start the process through an init in the exec form: `ENTRYPOINT ["tini", "--"]` with `CMD ["/app"]` (or dumb-init, catatonit, s6-overlay\'s /init), and write CMD in the exec form too. Without an init in the image, run the pod with shareProcessNamespace: true (the construct default), which makes the pause container PID 1.',
  suppressible: true,
  examples: {
    violating: [example`
      FROM node:20.11-alpine3.19@sha256:b60cdc6cde3d4c853c9118b1708813384c9448923eccf9c61dfd9fde3e7fe421
      WORKDIR /app
      COPY package.json package-lock.json ./
      RUN npm ci --omit=dev
      COPY server.js ./
      USER 1000:1000
      # Shell form: /bin/sh -c is PID 1 and does not pass SIGTERM on to node
      CMD node server.js
    `, example`
      FROM node:20.11-alpine3.19@sha256:b60cdc6cde3d4c853c9118b1708813384c9448923eccf9c61dfd9fde3e7fe421
      WORKDIR /app
      COPY package.json package-lock.json ./
      RUN npm ci --omit=dev
      COPY server.js ./
      USER 1000:1000
      # node is PID 1 itself: no default signal handlers, no reaping of orphans
      CMD ["node", "server.js"]
    `],
    compliant: [example`
      FROM node:20.11-alpine3.19@sha256:b60cdc6cde3d4c853c9118b1708813384c9448923eccf9c61dfd9fde3e7fe421
      RUN apk add --no-cache tini
      WORKDIR /app
      COPY package.json package-lock.json ./
      RUN npm ci --omit=dev
      COPY server.js ./
      USER 1000:1000
      ENTRYPOINT ["/sbin/tini", "--"]
      CMD ["node", "server.js"]
    `],
  },
  check: (df) => {
    const { entrypoint, cmd } = df;
    if (!df.final) return [];
    if (!entrypoint) return cmd ? judge(cmd) : [];
    const out = judge(entrypoint);
    // An exec-form ENTRYPOINT gets a shell-form CMD as `/bin/sh -c "<cmd>"` arguments: the init's signals reach the shell, not the app.
    if (entrypoint.form === 'exec' && cmd?.form === 'shell') out.push(shellForm(cmd, cmd.argv[0] ?? '/bin/sh'));
    return out;
  },
});
