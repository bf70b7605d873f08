import { example } from '../../engine/rule';
import { pinProblem } from '../../k8s/image-ref';
import { Stage } from '../model';
import { dockerfileRule } from '../rule';

function problemOf(stage: Stage): string | undefined {
  const { raw, resolved, unresolved, scratch } = stage.from;
  if (raw === '') return 'FROM names no image';
  if (stage.from.stage !== undefined || scratch) return undefined;
  if (unresolved.length > 0) {
    const why = unresolved.map((u) => (u.declared
      ? `ARG ${u.name} has no default`
      : `$${u.name} is not declared by an ARG before the first FROM (ARGs after a FROM are not visible to FROM)`));
    return `FROM ${raw} cannot be pinned: ${why.join('; ')}, so the base image is whatever a --build-arg says, or a broken reference without one`;
  }
  const problem = pinProblem(resolved ?? raw);
  if (problem === undefined) return undefined;
  return resolved !== undefined && resolved !== raw
    ? `FROM ${raw} is "${resolved}" with the ARG defaults: ${problem}`
    : `FROM ${problem}`;
}

export const dockerfileFromPinned = dockerfileRule({
  id: 'dockerfile-from-pinned',
  title: 'Base images are pinned',
  severity: 'error',
  pattern: 7,
  description: 'A FROM without a tag, or with `latest`, builds on whatever the registry serves that day: two builds of the same commit differ, and a rollback rebuilds onto a different base. Same check as hadolint DL3006/DL3007, with ARG defaults resolved.',
  scope: 'every FROM of each Dockerfile (build stages too: they decide what the artifacts are built with), with ARGs declared before the first FROM replaced by their defaults; `FROM scratch` and `FROM <earlier stage>` are fine; a --build-arg given at build time is not seen',
  remediation: 'Pin the base image with a version tag or a digest: `FROM node:20.11-bookworm-slim` or `FROM node@sha256:<64 hex digits>`; when the version comes from an ARG, give the ARG a pinned default (`ARG NODE_VERSION=20.11`) and declare it before the first FROM.',
  suppressible: true,
  examples: {
    violating: [example`
      # No tag, then latest: each build takes whatever the registry serves that day
      FROM golang AS build
      WORKDIR /src
      COPY . .
      RUN CGO_ENABLED=0 go build -o /out/web ./cmd/web

      FROM gcr.io/distroless/static-debian12:latest
      COPY --from=build /out/web /web
      USER 65532:65532
      ENTRYPOINT ["/web"]
    `, example`
      # No default: the base image is whatever --build-arg GO_VERSION says
      ARG GO_VERSION
      FROM golang:$GO_VERSION-bookworm AS build
      WORKDIR /src
      COPY . .
      RUN CGO_ENABLED=0 go build -o /out/web ./cmd/web

      FROM gcr.io/distroless/static-debian12:nonroot@sha256:043fc01f33888452b3d261de3c232644d41f2bafeebcde9d526186ac31be95aa
      COPY --from=build /out/web /web
      USER 65532:65532
      ENTRYPOINT ["/web"]
    `],
    compliant: [example`
      ARG GO_VERSION=1.22.5
      FROM golang:$GO_VERSION-bookworm AS build
      WORKDIR /src
      COPY . .
      RUN CGO_ENABLED=0 go build -o /out/web ./cmd/web

      FROM gcr.io/distroless/static-debian12:nonroot@sha256:043fc01f33888452b3d261de3c232644d41f2bafeebcde9d526186ac31be95aa
      COPY --from=build /out/web /web
      USER 65532:65532
      ENTRYPOINT ["/web"]
    `],
  },
  check: (df) => df.stages.flatMap((stage) => {
    const message = problemOf(stage);
    return message === undefined ? [] : [{ line: stage.line, path: `stages[${stage.index}].FROM`, message }];
  }),
});
