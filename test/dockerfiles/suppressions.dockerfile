# cdk8s-prod:suppress dockerfile-user-non-root The distroless :nonroot base already runs as uid 65532.
# cdk8s-prod:suppress dockerfile-init-entrypoint todo
# cdk8s-prod:suppress no-such-rule The rule does not exist, so this comment must be reported.
# cdk8s-prod:suppress dockerfile-suppression-valid Silencing the suppression check itself is refused.
# cdk8s-prod:ignore dockerfile-from-pinned A misspelt directive must be reported, not ignored.
# cdk8s-prod: an ordinary comment that mentions the tool is not a directive.
FROM gcr.io/distroless/static-debian12:nonroot
COPY app /app
ENTRYPOINT ["/app"]
