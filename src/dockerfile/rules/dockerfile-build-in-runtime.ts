import { example } from '../../engine/rule';
import { parseImageReference } from '../../k8s/image-ref';
import { Command, DockerInstruction, DockerfileModel, runCommands, stageLabel } from '../model';
import { DockerfileViolation, dockerfileRule } from '../rule';
import { SimpleCommand, basename, shellScriptOf, simpleCommands } from '../shell';

interface PackageManager {
  /** Subcommands that install. */
  readonly install: readonly string[];
  /** Options that take the next word as their value. */
  readonly valued: readonly string[];
}

const APT: PackageManager = { install: ['install'], valued: ['-o', '-t', '-c', '--option', '--target-release', '--default-release', '--config-file'] };
const RPM: PackageManager = {
  install: ['install', 'groupinstall'],
  valued: ['-c', '--config', '--setopt', '--enablerepo', '--disablerepo', '--releasever', '--installroot', '-x', '--exclude', '--repo'],
};
const PACKAGE_MANAGERS: ReadonlyMap<string, PackageManager> = new Map([
  ['apt-get', APT], ['apt', APT], ['aptitude', APT],
  ['apk', { install: ['add'], valued: ['-t', '--virtual', '-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir', '--repositories-file'] }],
  ['yum', RPM], ['dnf', RPM], ['microdnf', RPM], ['tdnf', RPM],
  ['zypper', { install: ['install', 'in'], valued: ['-t', '--type', '-r', '--repo', '--from'] }],
]);

const TOOLCHAIN_PACKAGES = new Set([
  'make', 'cmake', 'ninja', 'ninja-build', 'build-essential', 'build-base', 'alpine-sdk', 'go', 'golang', 'cargo', 'rust',
  'rustc', 'maven', 'gradle', 'ant', 'autoconf', 'automake', 'libtool', 'pkg-config', 'pkgconf', 'pkgconfig', 'binutils',
  'linux-headers', 'kernel-headers', 'nasm', 'yasm', 'gcc-c++', 'clang-tools',
]);

const TOOLCHAIN_PATTERNS = [
  /^(gcc|g\+\+|cpp|clang|clang\+\+|llvm|gfortran|golang|rustc)(-[\d.]+)*$/,
  /^golang(-[\d.]+)?-go$/,
  /jdk(-headless)?$/,
  /^dotnet-sdk/,
  /-dev$/,
  /-devel$/,
];

/** `gcc=4:9.3.0-1`, `musl-dev>1.2`, `libc6-dev:amd64` → the package's name. */
function packageName(word: string): string {
  return word.split(/[=<>~]/)[0].replace(/:[a-z0-9]+$/, '').toLowerCase();
}

function isToolchain(pkg: string): boolean {
  // `yum groupinstall "Development Tools"`, `dnf install @development-tools`
  if (/development/i.test(pkg)) return true;
  return TOOLCHAIN_PACKAGES.has(pkg) || TOOLCHAIN_PATTERNS.some((p) => p.test(pkg));
}

/** The toolchain packages a package-manager command installs, if it is one. */
function toolchainInstall(cmd: SimpleCommand): { manager: string; packages: string[] } | undefined {
  const manager = basename(cmd.words[0]);
  const pm = PACKAGE_MANAGERS.get(manager);
  if (!pm) return undefined;
  const positional: string[] = [];
  for (let i = 1; i < cmd.words.length; i++) {
    const w = cmd.words[i];
    if (w.startsWith('-')) {
      if (pm.valued.includes(w)) i++;
      continue;
    }
    positional.push(w);
  }
  let rest: string[];
  if (pm.install.includes(positional[0])) rest = positional.slice(1);
  // `dnf group install "Development Tools"`
  else if (positional[0] === 'group' && positional[1] === 'install') rest = positional.slice(2);
  else return undefined;
  const packages = rest.filter((w) => !w.includes('$')).map(packageName).filter(isToolchain);
  return packages.length > 0 ? { manager, packages: [...new Set(packages)] } : undefined;
}

const COMPILERS = new Set([
  'gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'javac', 'kotlinc', 'rustc', 'tsc', 'make', 'gmake', 'cmake', 'ninja', 'gfortran',
]);
const VERSION_QUERY = /^(-v|-V|--version|-version|-dumpversion|--help)$/;
const GRADLE_TASKS = new Set([
  'build', 'assemble', 'jar', 'bootJar', 'shadowJar', 'installDist', 'war', 'bootWar', 'classes', 'compileJava', 'compileKotlin', 'distTar', 'distZip',
]);

function positionals(words: readonly string[]): string[] {
  return words.slice(1).filter((w) => !w.startsWith('-'));
}

function isCompiler(program: string): boolean {
  return COMPILERS.has(program) || /^(gcc|g\+\+|clang|clang\+\+)-[\d.]+$/.test(program) || /-(gcc|g\+\+)$/.test(program);
}

/** Whether a command runs a compiler or a build tool's build. */
function compiles(cmd: SimpleCommand): boolean {
  const program = basename(cmd.words[0]);
  const args = cmd.words.slice(1);
  const pos = positionals(cmd.words);
  if (isCompiler(program)) return !(args.length > 0 && args.every((a) => VERSION_QUERY.test(a)));
  switch (program) {
    case 'go': return pos[0] === 'build' || pos[0] === 'install';
    case 'cargo': return pos[0] === 'build' || pos[0] === 'install' || pos[0] === 'rustc';
    case 'mvn': case 'mvnw': return pos.some((g) => ['compile', 'package', 'install', 'verify', 'deploy'].includes(g));
    case 'gradle': case 'gradlew': return pos.some((t) => GRADLE_TASKS.has(t.slice(t.lastIndexOf(':') + 1)));
    case 'dotnet': return pos[0] === 'build' || pos[0] === 'publish' || pos[0] === 'msbuild';
    case 'npm': return (pos[0] === 'run' || pos[0] === 'run-script') && /^build\b/.test(pos[1] ?? '');
    case 'yarn': case 'pnpm': return /^build\b/.test(pos[0] ?? '') || (pos[0] === 'run' && /^build\b/.test(pos[1] ?? ''));
    case 'npx': return pos[0] === 'tsc';
    default: return false;
  }
}

/** The flags with which each Node package manager leaves devDependencies out. */
const PRODUCTION_FLAGS: Record<string, readonly string[]> = {
  npm: ['--omit=dev', '--production', '--only=prod', '--only=production'],
  yarn: ['--production', '--prod', '--production=true'],
  pnpm: ['--prod', '-P', '--production'],
};

/** Whether a Node package manager installs the project's devDependencies. */
function installsDevDependencies(cmd: SimpleCommand, nodeEnv: string | undefined): boolean {
  const program = basename(cmd.words[0]);
  const flags = PRODUCTION_FLAGS[program];
  if (!flags) return false;
  if ((cmd.assignments.get('NODE_ENV') ?? nodeEnv) === 'production') return false;
  const args = cmd.words.slice(1);
  if (args.some((a, i) => flags.includes(a) || ((a === '--omit' || a === '--only') && /^(dev|prod|production)$/.test(args[i + 1] ?? '')))) return false;
  const pos = positionals(cmd.words);
  switch (program) {
    // `npm install <pkg>` and `npm install -g <tool>` add named packages; a bare install or `npm ci` installs the project.
    case 'npm':
      if (args.some((a) => a === '-g' || a === '--global' || a === '--location=global')) return false;
      return pos[0] === 'ci' || (['install', 'i', 'in', 'isntall'].includes(pos[0] ?? '') && pos.length === 1);
    case 'yarn': return pos.length === 0 || (pos[0] === 'install' && pos.length === 1);
    default: return (pos[0] === 'install' || pos[0] === 'i') && pos.length === 1;
  }
}

function quoteCommand(cmd: SimpleCommand): string {
  const text = cmd.words.join(' ');
  return `\`${text.length > 80 ? `${text.slice(0, 77)}...` : text}\``;
}

/** What a RUN does that belongs in a build stage, in words. */
function buildSteps(ins: DockerInstruction, nodeEnv: string | undefined): string[] {
  const reasons: string[] = [];
  for (const cmd of runCommands(ins)) {
    const install = toolchainInstall(cmd);
    if (install) reasons.push(`installs ${install.packages.join(', ')} with ${install.manager}`);
    else if (compiles(cmd)) reasons.push(`compiles with ${quoteCommand(cmd)}`);
    else if (installsDevDependencies(cmd, nodeEnv)) reasons.push(`installs devDependencies with ${quoteCommand(cmd)} (no --omit=dev)`);
  }
  return reasons;
}

/** Images that are a toolchain: compilers and build tools, not a runtime. */
const TOOLCHAIN_IMAGES = new Set(['golang', 'rust', 'gcc', 'buildpack-deps', 'maven', 'gradle', 'sbt', 'haskell', 'swift', 'dotnet/sdk', 'clang']);
/** Java images whose tags are a JDK unless they say jre. */
const JDK_IMAGES = new Set(['openjdk', 'eclipse-temurin', 'amazoncorretto', 'sapmachine', 'ibm-semeru-runtimes']);

/** Why the final image's base is a toolchain, if it is. */
function toolchainBase(df: DockerfileModel): DockerfileViolation | undefined {
  const first = df.finalChain[0];
  if (!first || first.from.scratch) return undefined;
  const parsed = parseImageReference(first.from.resolved ?? first.from.raw);
  if (!parsed.ok) return undefined;
  const repo = parsed.value.repository.replace(/^library\//, '').replace(/^(?:[a-z0-9-]+\/)?(dotnet\/sdk)$/, '$1');
  const tag = parsed.value.tag ?? '';
  const jdk = JDK_IMAGES.has(repo) && !/jre/i.test(tag);
  if (!TOOLCHAIN_IMAGES.has(repo) && !jdk) return undefined;
  return {
    line: first.line,
    path: `FROM ${first.from.raw}`,
    message: `${stageLabel(df, first.index)} is built FROM ${JSON.stringify(first.from.resolved ?? first.from.raw)}, a ${jdk ? 'JDK' : 'toolchain'} image: the compiler and build tools ship in the runtime image`,
  };
}

/** Programs that build (or serve from source) when the container starts, and how to tell. */
function buildsAtStart(words: readonly string[]): boolean {
  const program = basename(words[0] ?? '');
  const pos = positionals(words);
  switch (program) {
    case 'go': case 'cargo': case 'dotnet': return pos[0] === 'run';
    case 'mvn': case 'mvnw': return pos.some((g) => /:run$/.test(g) || g === 'exec:java');
    case 'gradle': case 'gradlew': return pos.some((t) => ['run', 'bootRun'].includes(t.slice(t.lastIndexOf(':') + 1)));
    case 'npm': return ['start', 'run', 'run-script', 'exec', 'x'].includes(pos[0] ?? '');
    case 'yarn': case 'pnpm': return pos.length > 0 && !['node'].includes(pos[0]);
    case 'ts-node': case 'tsx': case 'nodemon': case 'webpack-dev-server': case 'vite': return true;
    case 'webpack': case 'ng': return pos[0] === 'serve';
    case 'next': case 'nuxt': return pos[0] === 'dev';
    case 'npx': return pos.length > 0;
    default: return false;
  }
}

/** The words of the process an ENTRYPOINT/CMD starts: through `sh -c` scripts, past an init (`tini --`). */
function startWords(cmd: Command): string[][] {
  const script = shellScriptOf(cmd.argv);
  const commands = cmd.form === 'shell' || script !== undefined ? simpleCommands(script ?? cmd.argv.join(' ')).map((c) => [...c.words]) : [[...cmd.argv]];
  return commands.map((w) => {
    const i = w.findIndex((x) => x === '--');
    return ['tini', 'dumb-init', 'tini-static'].includes(basename(w[0] ?? '')) ? w.slice(i >= 0 ? i + 1 : 1) : w;
  });
}

function startViolations(df: DockerfileModel): DockerfileViolation[] {
  const out: DockerfileViolation[] = [];
  // The process is ENTRYPOINT followed by CMD (as its arguments) when both are set.
  const entry = df.entrypoint;
  const cmd = df.cmd;
  const judged = entry && cmd && entry.form === 'exec' && cmd.form === 'exec'
    ? [{ at: entry, words: startWords({ ...entry, argv: [...entry.argv, ...cmd.argv] }) }]
    : [entry, cmd].filter((c): c is Command => c !== undefined).map((c) => ({ at: c, words: startWords(c) }));
  for (const { at, words } of judged) {
    const building = words.find(buildsAtStart);
    if (building) {
      out.push({ line: at.line, path: at.path, message: `${at.keyword} starts the app with ${quoteCommand({ assignments: new Map(), words: building })}, which builds (or serves from source) at every start, with the toolchain in the runtime image` });
    }
  }
  return out;
}

export const dockerfileBuildInRuntime = dockerfileRule({
  id: 'dockerfile-build-in-runtime',
  title: 'The runtime image neither installs toolchains nor compiles',
  severity: 'error',
  pattern: 1,
  description: 'An image that builds its own code ships the compiler, the build dependencies and usually the source: in the workshop, the single-stage gcc image is 201 MB and gives the source away, while a multi-stage build that only copies the binary onto a minimal base is 11 MB. Build in an earlier stage and `COPY --from` the artifacts.',
  scope: 'the final stage of each Dockerfile and the stages it is built FROM (they are layers of the final image): a toolchain base image (golang, rust, gcc, maven, gradle, dotnet/sdk, a JDK); '
    + 'RUN package installs (apt-get, apt, apk, yum, dnf, microdnf, zypper) of compilers, build tools, JDKs and -dev/-devel packages; compiler and build-tool invocations (gcc, make, go build, cargo build, mvn package, gradle build, javac, dotnet build/publish, tsc, npm/yarn/pnpm run build); '
    + 'Node installs that include devDependencies; and an ENTRYPOINT/CMD that builds at start (go run, cargo run, dotnet run, mvn spring-boot:run, gradle bootRun, npm start, yarn start, ts-node, nodemon, a dev server)',
  remediation: 'Move the toolchain and the build into a build stage (`FROM golang:1.22 AS build` … `RUN go build -o /out/app`) and make the final stage a minimal base that only copies the result: `FROM gcr.io/distroless/static:nonroot` + `COPY --from=build /out/app /app`. For Node, build in a stage and install the runtime dependencies with `npm ci --omit=dev`.',
  suppressible: true,
  examples: {
    violating: [example`
      # Single stage on the Go toolchain image: the compiler and the source ship with the binary
      FROM golang:1.22.5-bookworm@sha256:726013a4bfad65958bc866a5b1c3f4be2e7307424fb52a25a420c528f6d823e6
      WORKDIR /src
      COPY go.mod go.sum ./
      RUN go mod download
      COPY cmd/ ./cmd/
      RUN CGO_ENABLED=0 go build -o /usr/local/bin/web ./cmd/web
      USER 10001:10001
      ENTRYPOINT ["/usr/local/bin/web"]
    `, example`
      FROM node:20.11-bookworm-slim@sha256:a2bb0953689e008132609064baa9c6478f50d5ff42df358f221456a702d83ff0
      WORKDIR /app
      COPY package.json package-lock.json tsconfig.json ./
      # npm ci installs the devDependencies (typescript, jest, ...) into the runtime image
      RUN npm ci
      COPY src/ ./src/
      RUN npm run build
      USER 1000:1000
      CMD ["node", "dist/server.js"]
    `],
    compliant: [example`
      FROM golang:1.22.5-bookworm@sha256:726013a4bfad65958bc866a5b1c3f4be2e7307424fb52a25a420c528f6d823e6 AS build
      WORKDIR /src
      COPY . .
      RUN CGO_ENABLED=0 go build -o /out/web ./cmd/web

      # The runtime image only gets the binary
      FROM gcr.io/distroless/static-debian12:nonroot@sha256:043fc01f33888452b3d261de3c232644d41f2bafeebcde9d526186ac31be95aa
      COPY --from=build /out/web /web
      USER 65532:65532
      ENTRYPOINT ["/web"]
    `, example`
      FROM node:20.11-bookworm-slim@sha256:a2bb0953689e008132609064baa9c6478f50d5ff42df358f221456a702d83ff0 AS build
      WORKDIR /app
      COPY package.json package-lock.json tsconfig.json ./
      RUN npm ci
      COPY src/ ./src/
      RUN npm run build

      FROM node:20.11-bookworm-slim@sha256:a2bb0953689e008132609064baa9c6478f50d5ff42df358f221456a702d83ff0
      WORKDIR /app
      COPY package.json package-lock.json ./
      RUN npm ci --omit=dev
      COPY --from=build /app/dist/ ./dist/
      USER 1000:1000
      CMD ["node", "dist/server.js"]
    `],
  },
  check: (df) => {
    // NODE_ENV reaches RUN from ENV (inherited along the chain) or from an ARG (this stage only).
    let envNodeEnv: string | undefined;
    const base = toolchainBase(df);
    return [...(base ? [base] : []), ...startViolations(df), ...df.finalChain.flatMap((stage) => {
      let argNodeEnv: string | undefined;
      return stage.instructions.flatMap((ins) => {
        for (const p of ins.properties) {
          if (p.name !== 'NODE_ENV' || p.value === null) continue;
          if (ins.keyword === 'ENV') envNodeEnv = p.value;
          else argNodeEnv = p.value;
        }
        if (ins.keyword !== 'RUN') return [];
        const reasons = buildSteps(ins, envNodeEnv ?? argNodeEnv);
        return reasons.length === 0 ? [] : [{
          line: ins.line,
          path: ins.path,
          message: `RUN in ${stageLabel(df, ins.stage)} ${reasons.join('; ')}: build tools and build steps ship in the runtime image`,
        }];
      });
    })];
  },
});
