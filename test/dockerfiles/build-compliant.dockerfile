# The workshop's multi-stage build, finished: the runtime stage only copies artifacts,
# starts an init as PID 1 and runs as a numeric non-root user.
FROM ubuntu:18.04 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev tini
COPY hello.c /build/hello.c
RUN gcc -static /build/hello.c -o /build/hello

FROM quay.io/gravitational/debian-tall:0.0.1
COPY --from=build /usr/bin/tini-static /tini
COPY --from=build /build/hello /hello
USER 10001:10001
ENTRYPOINT ["/tini", "--"]
CMD ["/hello"]
