import { example } from '../../engine/rule';
import { contextCopies, copyOperands, stageLabel } from '../model';
import { dockerfileRule } from '../rule';
import { basename } from '../shell';

const CONFIG_FILE = [
  /\.(ya?ml|conf|cfg|ini|properties|toml|env|config)$/,
  /^\.env(\..+)?$/,
  /^(config|settings)\.json$/,
  /^(application|appsettings)([._-][\w.-]*)?\.json$/,
];

/** Files with a config-like name that describe how to build, not how to run. */
const BUILD_MANIFESTS = new Set([
  'pyproject.toml', 'cargo.toml', 'poetry.toml', 'rust-toolchain.toml', 'setup.cfg', 'tox.ini', 'pytest.ini', 'mkdocs.yml',
  'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.yarnrc.yml', 'gradle.properties', 'gradle-wrapper.properties', 'nuget.config',
  'pubspec.yaml', 'environment.yml',
]);

function isConfigFile(path: string): boolean {
  const name = basename(path.replace(/\/+$/, '')).toLowerCase();
  if (name === '' || name.includes('$') || BUILD_MANIFESTS.has(name)) return false;
  return CONFIG_FILE.some((p) => p.test(name));
}

export const dockerfileConfigBaked = dockerfileRule({
  id: 'dockerfile-config-baked',
  title: 'Configuration is not baked into the image',
  severity: 'error',
  pattern: 11,
  description: 'A config file copied into the image cannot change without a rebuild, ties the image to one environment, and often carries secrets that then live in every registry the image is pushed to. Configuration belongs in ConfigMaps (and Secrets) mounted at run time, so that one image runs everywhere and a config change rolls the pods.',
  scope: 'COPY and ADD instructions without --from in the final stage of each Dockerfile and in the stages it is built FROM, whose sources (or here-document destinations) are named like configuration: *.yaml, *.yml, *.conf, *.cfg, *.ini, *.properties, *.toml, *.env, .env, *.config, config.json, settings.json, application*.json, appsettings*.json; build manifests such as pyproject.toml or setup.cfg are not configuration',
  remediation: 'Remove the file from the image and mount it from a ConfigMap (a Secret for credentials) at the path the program reads, e.g. a volume from ConfigMap "app-config" mounted at /etc/app; keep a default in code if the program needs one.',
  suppressible: true,
  examples: {
    violating: [example`
      FROM nginxinc/nginx-unprivileged:1.27-alpine@sha256:8d6b1cd62ada8f25170cc6eca2a35f7931b9db9392c20bdd5741a58af8300a4f
      # The server config is fixed at build time: changing it means a new image
      COPY nginx.conf /etc/nginx/conf.d/default.conf
      COPY dist/ /usr/share/nginx/html/
      USER 101:101
    `],
    compliant: [example`
      FROM nginxinc/nginx-unprivileged:1.27-alpine@sha256:8d6b1cd62ada8f25170cc6eca2a35f7931b9db9392c20bdd5741a58af8300a4f
      # default.conf is mounted from the ConfigMap "web-nginx" at /etc/nginx/conf.d
      COPY dist/ /usr/share/nginx/html/
      USER 101:101
    `],
  },
  check: (df) => contextCopies(df).flatMap((ins) => {
    const { sources, destination } = copyOperands(ins);
    const files = sources.flatMap((s) => {
      // A here-document has no name of its own: it is written to the destination.
      if (/^<<-?/.test(s)) return destination !== undefined && isConfigFile(destination) ? [destination] : [];
      return isConfigFile(s) ? [s] : [];
    });
    if (files.length === 0) return [];
    return [{
      line: ins.line,
      path: ins.path,
      message: `${ins.keyword} in ${stageLabel(df, ins.stage)} bakes configuration into the image: ${[...new Set(files)].join(', ')}`,
    }];
  }),
});
