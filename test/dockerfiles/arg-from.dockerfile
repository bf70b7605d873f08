ARG NODE_VERSION=20.11
ARG BASE_TAG
ARG DISTRO=latest
ARG RUNTIME=gcr.io/distroless/nodejs20-debian12:nonroot
FROM node:${NODE_VERSION} AS deps
FROM alpine:${BASE_TAG} AS tools
FROM debian:$DISTRO AS legacy
FROM ${REGISTRY}/base:1.0 AS remote
FROM localhost:5000/app AS local
FROM node@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS digest
FROM deps AS build
FROM scratch AS empty
FROM ${RUNTIME}
COPY --from=build /app /app
USER 65532:65532
ENTRYPOINT ["/nodejs/bin/node", "/app/server.js"]
