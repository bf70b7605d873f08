import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { rulesAsMarkdown } from '../src/cli/rules-doc';
import {
  DOCKERFILE_RULES, DockerfileRule, auditDockerfile, inspectDockerfile, parseDockerfile, substitute,
} from '../src/dockerfile';
import { ALL_RULES, CATALOGUE, findRule } from '../src/catalogue';
import { Suppressions } from '../src/catalogue/suppressions';
import { ROOT, run } from './cli-helpers';

const DIR = path.join(__dirname, 'dockerfiles');
const read = (file: string) => fs.readFileSync(path.join(DIR, file), 'utf8');

/** [rule, line] of the unsuppressed findings, in the audit's order (by line, then rule). */
function found(text: string, rules?: readonly DockerfileRule[]): Array<[string, number]> {
  return auditDockerfile('Dockerfile', text, rules).findings.map((f) => [f.rule, f.line!]);
}
const foundIn = (file: string) => found(read(file));

/** The findings of one rule over an inline Dockerfile, as [line, path, message]. */
function byRule(id: string, text: string): Array<[number, string, string]> {
  const rule = DOCKERFILE_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no Dockerfile rule "${id}"`);
  return auditDockerfile('Dockerfile', text, [rule]).findings.map((f) => [f.line!, f.path, f.message]);
}
const linesOf = (id: string, text: string) => byRule(id, text).map(([line]) => line);

describe('the workshop\'s Dockerfiles', () => {
  test('pattern 1: the single-stage gcc image installs gcc and compiles in the runtime image', () => {
    expect(foundIn('build-single.dockerfile')).toEqual([
      ['dockerfile-user-non-root', 1],
      ['dockerfile-build-in-runtime', 4],
      ['dockerfile-build-in-runtime', 6],
      ['dockerfile-init-entrypoint', 7],
    ]);
    const [install, compile] = byRule('dockerfile-build-in-runtime', read('build-single.dockerfile'));
    expect(install).toEqual([4, 'stages[0].RUN', expect.stringContaining('installs gcc with apt-get')]);
    expect(compile).toEqual([6, 'stages[0].RUN', expect.stringContaining('compiles with `gcc /build/hello.c -o /build/hello`')]);
  });

  test('pattern 1 fixed: the multi-stage build only copies the binary; init and user remain', () => {
    expect(foundIn('build-multi.dockerfile')).toEqual([
      ['dockerfile-user-non-root', 14],
      ['dockerfile-init-entrypoint', 17],
    ]);
    expect(byRule('dockerfile-init-entrypoint', read('build-multi.dockerfile'))).toEqual([
      [17, 'stages[1].ENTRYPOINT', expect.stringContaining('runs "/hello" as PID 1 without an init')],
    ]);
  });

  test('the multi-stage build with tini and a numeric USER is compliant', () => {
    expect(foundIn('build-compliant.dockerfile')).toEqual([]);
    expect(foundIn('node-compliant.dockerfile')).toEqual([]);
  });

  test('pattern 11: a config file added to the final stage, and its fix', () => {
    expect(foundIn('config-baked.dockerfile')).toEqual([['dockerfile-config-baked', 7]]);
    expect(byRule('dockerfile-config-baked', read('config-baked.dockerfile'))).toEqual([
      [7, 'stages[1].ADD', expect.stringContaining('bakes configuration into the image: config.yaml')],
    ]);
    expect(foundIn('config-fix.dockerfile')).toEqual([]);
  });

  test('pattern 4: the backgrounded server behind a shell-form CMD', () => {
    expect(foundIn('background.dockerfile')).toEqual([
      ['dockerfile-user-non-root', 3],
      ['dockerfile-init-entrypoint', 6],
    ]);
    expect(byRule('dockerfile-init-entrypoint', read('background.dockerfile'))[0][2])
      .toMatch(/^CMD uses the shell form, so "\/bin\/sh -c" is PID 1: it does not forward SIGTERM/);
  });

  test('patterns 2 and 7: busybox sleeping as PID 1, untagged', () => {
    expect(foundIn('busybox.dockerfile')).toEqual([
      ['dockerfile-from-pinned', 1],
      ['dockerfile-user-non-root', 1],
      ['dockerfile-init-entrypoint', 2],
    ]);
    expect(byRule('dockerfile-from-pinned', read('busybox.dockerfile'))).toEqual([
      [1, 'stages[0].FROM', 'FROM "busybox" has no tag and no digest, so it means whatever "latest" is when the image is pulled'],
    ]);
  });

  test('a single-stage node:latest app that copies its source and builds in place', () => {
    expect(foundIn('node-latest.dockerfile')).toEqual([
      ['dockerfile-from-pinned', 1],
      ['dockerfile-user-non-root', 1],
      ['dockerfile-copies-source-tree', 3],
      ['dockerfile-build-in-runtime', 4],
      ['dockerfile-build-in-runtime', 5],
      ['dockerfile-build-in-runtime', 7],
      ['dockerfile-init-entrypoint', 7],
    ]);
    const messages = byRule('dockerfile-build-in-runtime', read('node-latest.dockerfile')).map(([, , m]) => m);
    expect(messages[0]).toContain('installs devDependencies with `npm ci` (no --omit=dev)');
    expect(messages[1]).toContain('compiles with `npm run build`');
    expect(messages[2]).toContain('CMD starts the app with `npm start`, which builds (or serves from source) at every start');
  });

  test('pattern 7: FROMs resolved through the ARG defaults declared before the first FROM', () => {
    expect(foundIn('arg-from.dockerfile')).toEqual([
      ['dockerfile-from-pinned', 6],
      ['dockerfile-from-pinned', 7],
      ['dockerfile-from-pinned', 8],
      ['dockerfile-from-pinned', 9],
      ['dockerfile-from-pinned', 13],
      ['dockerfile-init-entrypoint', 16],
    ]);
    const messages = byRule('dockerfile-from-pinned', read('arg-from.dockerfile'));
    expect(messages).toEqual([
      [6, 'stages[1].FROM', expect.stringContaining('FROM alpine:${BASE_TAG} cannot be pinned: ARG BASE_TAG has no default')],
      [7, 'stages[2].FROM', expect.stringContaining('FROM debian:$DISTRO is "debian:latest" with the ARG defaults')],
      [8, 'stages[3].FROM', expect.stringContaining('$REGISTRY is not declared by an ARG before the first FROM')],
      [9, 'stages[4].FROM', expect.stringContaining('":5000" is the registry\'s port, not a tag')],
      // distroless pushes :nonroot again with every build: only its digest pins it.
      [13, 'stages[8].FROM', expect.stringContaining('uses the tag "nonroot", which names no version')],
    ]);
  });
});

describe('suppression comments', () => {
  const text = read('suppressions.dockerfile');

  test('a reasoned suppression of a Dockerfile rule covers the whole file', () => {
    const { suppressed } = auditDockerfile('Dockerfile', text);
    expect(suppressed.map((f) => [f.rule, f.line, f.suppressedBecause])).toEqual([
      ['dockerfile-user-non-root', 7, 'The distroless :nonroot base already runs as uid 65532.'],
    ]);
  });

  test('a placeholder reason, an unknown rule, an unsuppressible rule and an unknown directive are findings at their line', () => {
    expect(found(text)).toEqual([
      ['dockerfile-suppression-valid', 2],
      ['dockerfile-suppression-valid', 3],
      ['dockerfile-suppression-valid', 4],
      ['dockerfile-suppression-valid', 5],
      ['dockerfile-from-pinned', 7],
      ['dockerfile-init-entrypoint', 9],
    ]);
    expect(byRule('dockerfile-suppression-valid', text).map(([line, p, m]) => [line, p, m])).toEqual([
      [2, 'comment', 'the suppression of "dockerfile-init-entrypoint" is not honoured: "todo" is a placeholder, not a reason'],
      [3, 'comment', expect.stringContaining('suppresses "no-such-rule", which is not a Dockerfile rule')],
      [4, 'comment', 'rule "dockerfile-suppression-valid" cannot be suppressed'],
      [5, 'comment', expect.stringContaining('"cdk8s-prod:ignore" is not a directive')],
    ]);
  });

  test('a manifest rule cannot be suppressed in a Dockerfile, and an empty suppression names no rule', () => {
    const df = 'FROM alpine:3.19\n# cdk8s-prod:suppress cpu-limit The container is throttled on purpose here.\n#cdk8s-prod:suppress\nUSER 1:1\n';
    expect(byRule('dockerfile-suppression-valid', df)).toEqual([
      [2, 'comment', expect.stringContaining('"cpu-limit", which is not a Dockerfile rule')],
      [3, 'comment', expect.stringContaining('the suppression names no rule')],
    ]);
  });

  test('Suppressions.add refuses a Dockerfile rule and says where to suppress it', () => {
    const chart = new Chart(new App(), 'c');
    expect(() => Suppressions.add(chart, 'dockerfile-from-pinned', 'The base image is pinned by our mirror instead.'))
      .toThrow('dockerfile-from-pinned is a Dockerfile rule; suppress it in the Dockerfile with `# cdk8s-prod:suppress dockerfile-from-pinned <reason>`');
  });
});

describe('dockerfile-build-in-runtime', () => {
  const id = 'dockerfile-build-in-runtime';

  test('package installs of toolchains, with any package manager and version pins', () => {
    expect(linesOf(id, [
      'FROM alpine:3.19',
      'RUN apk add --no-cache --virtual .build-deps gcc=13.2.1-r0 musl-dev && make && apk del .build-deps',
      'RUN apk add --no-cache ca-certificates tzdata',
      'RUN yum groupinstall -y "Development Tools"',
      'RUN dnf install -y python3-devel',
      'RUN microdnf install -y java-17-openjdk-devel maven',
      'RUN apt-get install -y -o Dpkg::Options::=--force-confold openjdk-17-jdk-headless',
      'RUN apt-get install -y curl openjdk-17-jre-headless',
      'RUN apk add build-base',
      'USER 1:1',
    ].join('\n'))).toEqual([2, 4, 5, 6, 7, 9]);
  });

  test('compilers and build tools, however the RUN is written', () => {
    expect(linesOf(id, [
      'FROM golang:1.22',
      'RUN ["go", "build", "-o", "/app", "."]',
      'RUN ["sh", "-c", "cargo build --release"]',
      'RUN sudo -u app make -j4 2>&1 | tee /tmp/log',
      'RUN <<EOF',
      'set -e',
      'mvn -B package -DskipTests',
      'EOF',
      'RUN gcc --version && go version',
      'RUN ./gradlew :app:bootJar && dotnet publish -c Release',
      'RUN npx tsc -p . ; yarn build',
      'RUN python3 <<PY',
      'make("not a shell command")',
      'PY',
      'USER 1:1',
    ].join('\n'))).toEqual([1, 2, 3, 4, 5, 10, 11]);
  });

  test('Node installs with devDependencies, unless production is asked for', () => {
    expect(linesOf(id, [
      'FROM node:20.11',
      'RUN npm ci',
      'RUN npm install',
      'RUN npm ci --omit=dev && npm install -g pm2 && npm install express',
      'RUN NODE_ENV=production npm ci',
      'RUN yarn install --frozen-lockfile',
      'RUN yarn install --production && pnpm install --prod',
      'ENV NODE_ENV=production',
      'RUN npm ci',
      'USER 1:1',
    ].join('\n'))).toEqual([2, 3, 6]);
  });

  test('a stage the final stage is built FROM ships its layers too', () => {
    const text = 'FROM ubuntu:22.04 AS base\nRUN apt-get install -y build-essential\nFROM base\nUSER 1:1\n';
    expect(byRule(id, text)).toEqual([[2, 'stages[0].RUN', expect.stringContaining('stage 0 ("base", which the final stage is built on) installs build-essential')]]);
  });

  test('build stages that the final stage only copies from are not judged', () => {
    expect(linesOf(id, read('build-multi.dockerfile'))).toEqual([]);
  });
});

describe('dockerfile-copies-source-tree', () => {
  const id = 'dockerfile-copies-source-tree';

  test('the whole context in the final stage, in any spelling; not --from, not a subfolder, not a build stage', () => {
    expect(linesOf(id, [
      'FROM node:20 AS build',
      'COPY . .',
      'FROM node:20-slim',
      'COPY --chown=1000:1000 ./ /app',
      'ADD . /src',
      'COPY ["*", "/app/"]',
      'COPY --from=build . /app',
      'COPY src/ /app/src',
      'USER 1:1',
    ].join('\n'))).toEqual([4, 5, 6]);
  });
});

describe('dockerfile-config-baked', () => {
  const id = 'dockerfile-config-baked';

  test('config-like files named, one finding per instruction; build manifests and --from are not config', () => {
    expect(byRule(id, [
      'FROM golang:1.22 AS build',
      'COPY app.yaml /build/',
      'FROM nginx:1.25',
      'COPY nginx.conf .env appsettings.Production.json /etc/',
      'COPY pyproject.toml package.json /app/',
      'COPY --from=build /build/app.yaml /etc/app.yaml',
      'ADD ["conf/settings.json", "/etc/app/"]',
      'COPY <<EOF /etc/app.ini',
      '[main]',
      'EOF',
      'USER 1:1',
    ].join('\n'))).toEqual([
      [4, 'stages[1].COPY', expect.stringContaining('bakes configuration into the image: nginx.conf, .env, appsettings.Production.json')],
      [7, 'stages[1].ADD', expect.stringContaining('conf/settings.json')],
      [8, 'stages[1].COPY', expect.stringContaining('/etc/app.ini')],
    ]);
  });
});

describe('dockerfile-from-pinned', () => {
  const id = 'dockerfile-from-pinned';

  test('stage references, scratch, digests, platform flags and lower-case keywords', () => {
    expect(linesOf(id, [
      'ARG GO=1.22',
      'FROM --platform=$BUILDPLATFORM golang:${GO:-1.21} AS Build',
      'from build AS test',
      'FROM scratch',
      'FROM nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000',
      'FROM nginx:${MISSING:-1.25}',
      'FROM',
      'FROM later',
      'FROM NGINX:1.25 AS later',
    ].join('\n'))).toEqual([7, 8, 9]);
  });

  test('an ARG default that uses another ARG resolves through it, and is blamed on it when it has no value', () => {
    expect(linesOf(id, 'ARG V=20.11\nARG IMG=node:${V}-slim\nFROM $IMG\n')).toEqual([]);
    expect(byRule(id, 'ARG V\nARG IMG=node:${V}-slim\nFROM $IMG\n')).toEqual([
      [3, 'stages[0].FROM', expect.stringContaining('FROM $IMG cannot be pinned: ARG V has no default')],
    ]);
  });

  test('one finding per FROM, with the reason', () => {
    expect(byRule(id, 'FROM\nFROM Nginx:1.25\n')).toEqual([
      [1, 'stages[0].FROM', 'FROM names no image'],
      [2, 'stages[1].FROM', expect.stringContaining('upper-case repository name')],
    ]);
  });
});

describe('dockerfile-init-entrypoint', () => {
  const id = 'dockerfile-init-entrypoint';
  const judged = (lines: string[]) => byRule(id, ['FROM alpine:3.19', ...lines, 'USER 1:1'].join('\n')).map(([line, p, m]) => [line, p, m.split(':')[0]]);

  test('an init in the exec form passes, whichever one', () => {
    for (const ep of ['["tini", "--"]', '["/sbin/tini", "-g", "--"]', '["/usr/bin/dumb-init", "--"]', '["/init"]', '["catatonit", "--"]', '["/tini-static-amd64", "--"]', 'exec tini -- /app']) {
      expect(judged([`ENTRYPOINT ${ep}`, 'CMD ["/app"]'])).toEqual([]);
    }
  });

  test('no ENTRYPOINT and no CMD inherits the base image\'s, which is not judged', () => {
    expect(judged([])).toEqual([]);
    expect(judged(['ENTRYPOINT []'])).toEqual([]);
  });

  test('the app as PID 1, and the shell forms', () => {
    expect(judged(['ENTRYPOINT ["/app"]'])).toEqual([[2, 'stages[0].ENTRYPOINT', 'ENTRYPOINT runs "/app" as PID 1 without an init']]);
    expect(judged(['ENTRYPOINT /app --serve'])).toEqual([[2, 'stages[0].ENTRYPOINT', 'ENTRYPOINT uses the shell form, so "/bin/sh -c" is PID 1']]);
    expect(judged(['ENTRYPOINT ["sh", "-c", "/app"]'])).toEqual([[2, 'stages[0].ENTRYPOINT', 'ENTRYPOINT uses the shell form, so "sh -c" is PID 1']]);
    expect(judged(['ENTRYPOINT exec /app'])).toEqual([[2, 'stages[0].ENTRYPOINT', 'ENTRYPOINT runs "/app" as PID 1 without an init']]);
    expect(judged(['SHELL ["/bin/bash", "-c"]', 'CMD /app'])).toEqual([[3, 'stages[0].CMD', 'CMD uses the shell form, so "/bin/bash -c" is PID 1']]);
  });

  test('a shell-form CMD after an init ENTRYPOINT puts a shell between the init and the app', () => {
    expect(judged(['ENTRYPOINT ["tini", "--"]', 'CMD /app'])).toEqual([[3, 'stages[0].CMD', 'CMD uses the shell form, so "/bin/sh -c" is PID 1']]);
  });

  test('settings inherited from an earlier stage; a new ENTRYPOINT clears the CMD it inherits', () => {
    const text = 'FROM alpine:3.19 AS base\nCMD /app\nFROM base\nENTRYPOINT ["tini", "--", "/app"]\nUSER 1:1\n';
    expect(byRule(id, text)).toEqual([]);
    expect(byRule(id, 'FROM alpine:3.19 AS base\nENTRYPOINT ["/app"]\nFROM base\nUSER 1:1\n')[0].slice(0, 2)).toEqual([2, 'stages[0].ENTRYPOINT']);
  });
});

describe('dockerfile-user-non-root', () => {
  const id = 'dockerfile-user-non-root';
  const judged = (lines: string[]) => byRule(id, ['FROM alpine:3.19', ...lines].join('\n'));

  test('numeric non-root users pass, through ARG and ENV values', () => {
    for (const u of [['USER 10001'], ['USER 10001:10001'], ['USER 10001:0'], ['ARG UID=10001', 'USER ${UID}:${UID}'], ['ENV APP_UID=2000', 'USER $APP_UID']]) {
      expect(judged(u)).toEqual([]);
    }
  });

  test('no USER, root in any spelling, a named user, an unresolved one; the last USER counts', () => {
    expect(judged([])).toEqual([[1, 'stages[0].USER', expect.stringContaining('sets no USER, so it runs as root')]]);
    for (const u of ['root', '0', '0:0', 'root:root', '0:10001']) {
      expect(judged([`USER ${u}`])).toEqual([[2, 'stages[0].USER', `USER ${u} runs the container as root`]]);
    }
    expect(judged(['USER app'])).toEqual([[2, 'stages[0].USER', expect.stringContaining('names a user: kubelet cannot verify runAsNonRoot for a non-numeric user')]]);
    expect(judged(['USER app'])[0][2]).toContain('e.g. USER 10001:10001');
    expect(judged(['USER ${UID}'])).toEqual([[2, 'stages[0].USER', expect.stringContaining('uses a variable without a value')]]);
    expect(judged(['USER 10001', 'RUN id', 'USER root'])).toEqual([[4, 'stages[0].USER', 'USER root runs the container as root']]);
  });

  test('a USER set in a stage the final stage is built FROM counts', () => {
    expect(byRule(id, 'FROM alpine:3.19 AS base\nUSER 10001\nFROM base\n')).toEqual([]);
    expect(byRule(id, 'FROM alpine:3.19 AS base\nUSER 10001\nFROM alpine:3.19\n')).toEqual([[3, 'stages[1].USER', expect.any(String)]]);
  });
});

describe('the model and the facts for the constructs', () => {
  test('stages, names, bases as written and resolved, 1-based lines', () => {
    const df = parseDockerfile(read('node-compliant.dockerfile'));
    expect(df.stages.map((s) => [s.index, s.name, s.line, s.from.raw, s.from.resolved])).toEqual([
      [0, 'build', 4, 'node:${NODE_VERSION}-bookworm', 'node:20.11.1-bookworm'],
      [1, undefined, 11, 'node:${NODE_VERSION}-bookworm-slim', 'node:20.11.1-bookworm-slim'],
    ]);
    expect(df.final?.index).toBe(1);
    expect(df.stages[1].instructions.map((i) => [i.keyword, i.line])).toEqual([
      ['RUN', 12], ['WORKDIR', 15], ['COPY', 16], ['RUN', 17], ['COPY', 18], ['USER', 19], ['ENTRYPOINT', 20], ['CMD', 21],
    ]);
    expect(df.entrypoint).toMatchObject({ form: 'exec', argv: ['/usr/bin/tini', '--'], line: 20, path: 'stages[1].ENTRYPOINT' });
    expect(df.cmd).toMatchObject({ form: 'exec', argv: ['node', 'dist/server.js'], line: 21 });
    expect(parseDockerfile('FROM a:1\nCMD node server.js\n').cmd).toMatchObject({ form: 'shell', argv: ['/bin/sh', '-c', 'node server.js'] });
  });

  test('inspectDockerfile: the ENTRYPOINT\'s init, the numeric user, the final base through stages', () => {
    expect(inspectDockerfile(read('build-compliant.dockerfile'))).toEqual({
      init: 'tini', user: { uid: 10001, gid: 10001, raw: '10001:10001' }, finalBase: 'quay.io/gravitational/debian-tall:0.0.1',
    });
    expect(inspectDockerfile(read('config-baked.dockerfile')).init).toBe('dumb-init');
    expect(inspectDockerfile(read('build-single.dockerfile'))).toEqual({ finalBase: 'ubuntu:20.04' });
    // A pod's args replace CMD, so an init started by CMD alone is not the image's own.
    expect(inspectDockerfile('FROM a:1\nCMD ["tini", "--", "/app"]\n').init).toBeUndefined();
    expect(inspectDockerfile('FROM a:1\nENTRYPOINT exec dumb-init /app\n').init).toBe('dumb-init');
    expect(inspectDockerfile('ARG V=3.19\nFROM alpine:$V AS base\nFROM base\nUSER app\n')).toEqual({ user: { raw: 'app' }, finalBase: 'alpine:3.19' });
    expect(inspectDockerfile('FROM scratch\nUSER root:0\n')).toEqual({ user: { uid: 0, gid: 0, raw: 'root:0' }, finalBase: 'scratch' });
    expect(inspectDockerfile('')).toEqual({});
  });

  test('variable substitution as Docker does it', () => {
    const vars = new Map<string, string | null>([['A', '1'], ['E', ''], ['N', null]]);
    expect(substitute('x:${A}-$A-${E:-d}-${E-d}-${A:+set}-${N:-n}', vars)).toEqual({ value: 'x:1-1-d--set-n', unresolved: [] });
    expect(substitute('${N}${U}\\$A', vars)).toEqual({ value: '$A', unresolved: [{ name: 'N', declared: true }, { name: 'U', declared: false }] });
  });

  test('odd input never throws: empty, comments only, unknown instructions, broken JSON, CRLF, random text', () => {
    expect(auditDockerfile('Dockerfile', '')).toEqual({ findings: [], suppressed: [] });
    expect(auditDockerfile('Dockerfile', '# only\n# comments\n')).toEqual({ findings: [], suppressed: [] });
    expect(found('FOO bar\nFROM alpine:3.19\nBAR\nCMD ["unterminated"\nUSER\n')).toEqual([
      ['dockerfile-init-entrypoint', 4],
      ['dockerfile-user-non-root', 5],
    ]);
    expect(found('\uFEFFFROM ubuntu:22.04\r\nRUN apt-get update \\\r\n  && apt-get install -y gcc\r\nUSER 1000\r\n')).toEqual([['dockerfile-build-in-runtime', 2]]);
    expect(found('# escape=`\nFROM alpine:3.19\nRUN make `\n  all\nUSER 1\n')).toEqual([['dockerfile-build-in-runtime', 3]]);
    const tokens = ['FROM', 'RUN', 'CMD', 'ENTRYPOINT', 'USER', 'ARG', 'COPY', 'SHELL', 'ONBUILD', '\\\n', '\n', '"', "'", '[', ']', '${', '}', '$',
      '<<EOF', 'EOF', '#', '# cdk8s-prod:suppress', '--from=', 'AS', ':', '@', 'gcc', 'apt-get install', '&&', '|', '(', '`', 'sh -c', 'exec', '.', '\u0000'];
    let seed = 7;
    const next = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    for (let i = 0; i < 1000; i++) {
      const text = Array.from({ length: next(40) }, () => tokens[next(tokens.length)] + (next(3) === 0 ? ' ' : '')).join('');
      expect(() => { auditDockerfile('Dockerfile', text); inspectDockerfile(text); }).not.toThrow();
    }
  });
});

describe('the catalogue with the Dockerfile rules', () => {
  test.each(DOCKERFILE_RULES.map((r) => [r.id, r]))('%s is well-formed data', (_id, rule) => {
    expect(rule.id).toMatch(/^dockerfile(-[a-z0-9]+)+$/);
    expect(['error', 'warning']).toContain(rule.severity);
    for (const text of [rule.title, rule.description, rule.remediation, rule.scope]) expect(text.trim().length).toBeGreaterThan(5);
    expect(Object.keys(rule.equivalents).sort()).toEqual(['kubeLinter', 'kyverno', 'polaris', 'pss']);
  });

  test('the Dockerfile rules, their severity and suppressibility', () => {
    expect(DOCKERFILE_RULES.map((r) => [r.id, r.severity, r.pattern, r.suppressible])).toEqual([
      ['dockerfile-build-in-runtime', 'error', 1, true],
      ['dockerfile-config-baked', 'error', 11, true],
      ['dockerfile-copies-source-tree', 'warning', 1, true],
      ['dockerfile-from-pinned', 'error', 7, true],
      ['dockerfile-init-entrypoint', 'warning', 2, true],
      ['dockerfile-suppression-valid', 'error', null, false],
      ['dockerfile-user-non-root', 'error', null, true],
    ]);
  });

  test('ALL_RULES is the manifest catalogue and the Dockerfile rules, by id; findRule still only knows the catalogue', () => {
    expect(ALL_RULES.map((r) => r.id)).toEqual([...CATALOGUE, ...DOCKERFILE_RULES].map((r) => r.id).sort((a, b) => a.localeCompare(b)));
    expect(findRule('dockerfile-from-pinned')).toBeUndefined();
    expect(findRule('cpu-limit')?.id).toBe('cpu-limit');
    const docs = fs.readFileSync(path.join(ROOT, 'docs/rules.md'), 'utf8');
    expect(docs).toBe(rulesAsMarkdown(ALL_RULES));
    for (const r of DOCKERFILE_RULES) expect(docs).toContain(`## ${r.id}`);
    expect(fs.readFileSync(path.join(ROOT, 'src/catalogue/ids.ts'), 'utf8')).toContain("| 'dockerfile-user-non-root'");
  });
});

describe('cdk8s-prod check with Dockerfiles', () => {
  const json = (args: string[]) => {
    const r = run([...args, '--format', 'json']);
    return { ...r, json: JSON.parse(r.out) };
  };

  test('findings carry the file, the line and the stage path; error findings exit 1', () => {
    const { code, json: out } = json(['check', 'test/dockerfiles/build-single.dockerfile']);
    expect(code).toBe(1);
    expect(out.findings.map((f: any) => [f.rule, f.line])).toEqual([
      ['dockerfile-user-non-root', 1],
      ['dockerfile-build-in-runtime', 4],
      ['dockerfile-build-in-runtime', 6],
      ['dockerfile-init-entrypoint', 7],
    ]);
    expect(out.findings[1]).toEqual({
      rule: 'dockerfile-build-in-runtime',
      severity: 'error',
      file: 'test/dockerfiles/build-single.dockerfile',
      line: 4,
      kind: 'Dockerfile',
      namespace: '',
      name: '',
      path: 'stages[0].RUN',
      message: expect.stringContaining('installs gcc with apt-get'),
    });
    expect(out.summary).toMatchObject({ files: 1, objects: 1, errors: 3, warnings: 1, suppressed: 0, skipped: 0, problems: [] });
  });

  test('compliant Dockerfiles exit 0, warnings alone exit 0, suppressed findings are counted', () => {
    expect(json(['check', 'test/dockerfiles/build-compliant.dockerfile', 'test/dockerfiles/config-fix.dockerfile']).code).toBe(0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'df-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine:3.19\nUSER 10001\nENTRYPOINT ["/app"]\n');
    const warn = json(['check', dir]);
    expect(warn.code).toBe(0);
    expect(warn.json.findings.map((f: any) => [f.rule, f.severity, f.line])).toEqual([['dockerfile-init-entrypoint', 'warning', 3]]);
    const supp = json(['check', 'test/dockerfiles/suppressions.dockerfile']);
    expect(supp.code).toBe(1);
    expect(supp.json.summary.suppressed).toBe(1);
  });

  test('a folder mixes manifests and Dockerfiles; a Dockerfile without FROM is skipped', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mixed-'));
    fs.copyFileSync(path.join(ROOT, 'test/workshop/bad-job.yaml'), path.join(dir, 'bad-job.yaml'));
    fs.copyFileSync(path.join(DIR, 'config-baked.dockerfile'), path.join(dir, 'Dockerfile'));
    fs.writeFileSync(path.join(dir, 'Dockerfile.empty'), '# nothing here yet\n');
    const r = json(['check', dir]);
    expect(r.code).toBe(1);
    expect(r.json.findings.some((f: any) => f.rule === 'job-active-deadline')).toBe(true);
    expect(r.json.findings.filter((f: any) => f.kind === 'Dockerfile').map((f: any) => [f.rule, f.file.endsWith('/Dockerfile'), f.line])).toEqual([
      ['dockerfile-config-baked', true, 7],
    ]);
    expect(r.json.summary).toMatchObject({ files: 3, objects: 2, skipped: 1 });
  });

  test('text and SARIF name the Dockerfile rules with their lines', () => {
    const text = run(['check', 'test/dockerfiles/config-baked.dockerfile']);
    expect(text.out).toContain('test/dockerfiles/config-baked.dockerfile:7: error dockerfile-config-baked: Dockerfile/<unnamed> stages[1].ADD:');
    const sarif = JSON.parse(run(['check', 'test/dockerfiles/build-single.dockerfile', '--format', 'sarif']).out).runs[0];
    const ids = sarif.tool.driver.rules.map((r: any) => r.id);
    expect(ids).toEqual(ALL_RULES.map((r) => r.id));
    const results = sarif.results.filter((x: any) => x.ruleId === 'dockerfile-build-in-runtime');
    expect(results.map((x: any) => [x.ruleIndex, x.locations[0].physicalLocation.region.startLine])).toEqual([
      [ids.indexOf('dockerfile-build-in-runtime'), 4],
      [ids.indexOf('dockerfile-build-in-runtime'), 6],
    ]);
    const prints = sarif.results.map((x: any) => x.partialFingerprints['cdk8sProdObject/v1']);
    expect(new Set(prints).size).toBe(prints.length);
  });

  test('`rules` lists the Dockerfile rules', () => {
    const rules = JSON.parse(run(['rules', '--format', 'json']).out).map((r: any) => r.id);
    expect(rules).toEqual(expect.arrayContaining(DOCKERFILE_RULES.map((r) => r.id)));
  });
});
