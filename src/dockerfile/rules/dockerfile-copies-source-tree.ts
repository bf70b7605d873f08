import { example } from '../../engine/rule';
import { contextCopies, copyOperands, stageLabel } from '../model';
import { dockerfileRule } from '../rule';

/** `.`, `./`, `*`, `./*`: the whole build context. */
function isWholeContext(source: string): boolean {
  const s = source.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return s === '' || s === '.' || s === '*';
}

export const dockerfileCopiesSourceTree = dockerfileRule({
  id: 'dockerfile-copies-source-tree',
  title: 'The runtime image does not copy the whole build context',
  severity: 'warning',
  pattern: 1,
  description: '`COPY . …` puts the source tree, and whatever else the build context holds that .dockerignore misses (tests, .git, local env files), into the image that runs in production; the workshop could read the source straight out of its single-stage image.',
  scope: 'COPY and ADD instructions without --from in the final stage of each Dockerfile (single- or multi-stage) and in the stages it is built FROM',
  remediation: 'Copy only what the program needs at run time: build in an earlier stage and `COPY --from=build /out/app /app`, or list the files (`COPY dist/ /app/`). If a build stage needs the whole context, keep `COPY . .` there, not in the final stage.',
  suppressible: true,
  examples: {
    violating: [example`
      FROM node:20.11-bookworm-slim@sha256:a2bb0953689e008132609064baa9c6478f50d5ff42df358f221456a702d83ff0
      WORKDIR /app
      # The whole context: sources, tests, .git and local .env files unless .dockerignore catches them
      COPY . .
      RUN npm ci --omit=dev
      USER 1000:1000
      CMD ["node", "server.js"]
    `],
    compliant: [example`
      FROM node:20.11-bookworm-slim@sha256:a2bb0953689e008132609064baa9c6478f50d5ff42df358f221456a702d83ff0
      WORKDIR /app
      COPY package.json package-lock.json ./
      RUN npm ci --omit=dev
      COPY server.js ./
      COPY lib/ ./lib/
      USER 1000:1000
      CMD ["node", "server.js"]
    `],
  },
  check: (df) => contextCopies(df).flatMap((ins) => {
    const whole = copyOperands(ins).sources.filter(isWholeContext);
    if (whole.length === 0) return [];
    return [{
      line: ins.line,
      path: ins.path,
      message: `${ins.keyword} ${whole.map((s) => JSON.stringify(s)).join(', ')} in ${stageLabel(df, ins.stage)} copies the whole build context into the runtime image: the source tree ships with it`,
    }];
  }),
});
