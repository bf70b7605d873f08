import * as fs from 'fs';
import * as path from 'path';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { isLiteralSecretValue, keyNamesSecret, literalSecretProblem, secretLikeContent } from '../src/secrets/secret-patterns';
import { contentHashedName } from './content-hash';
import { orDefault, refuse } from './errors';
import { ProductionDeployment, ProductionDeploymentProps } from './production-deployment';
import { checkSubdomain, isNormalAbsolutePath, pathsOverlap } from './validate';
import { PodAdditions } from './workload';
import { configMountCoversSystem } from '../src/k8s/paths';

/** Kubernetes refuses a ConfigMap whose data exceeds 1 MiB (the etcd object limit). */
export const CONFIGMAP_MAX_BYTES = 1024 * 1024;

/** A configuration file: given inline, or read from disk when the app is synthesized. */
export class ConfigFile {
  /** A file with the given name and text. */
  public static inline(name: string, text: string): ConfigFile {
    return new ConfigFile(name, { text });
  }

  /** A file read at synth time; its name in the mount is the file's base name unless given. */
  public static fromFile(filePath: string, name?: string): ConfigFile {
    return new ConfigFile(name ?? path.basename(String(filePath)), { file: filePath });
  }

  /** Every regular file of a folder (not its sub-folders), in name order. */
  public static fromDirectory(dir: string): ConfigFile[] {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      // Reported with the construct path when the app reads it.
      return [new ConfigFile(path.basename(String(dir)), { file: dir, error: (e as NodeJS.ErrnoException).code ?? String(e) })];
    }
    return entries.filter((e) => e.isFile()).map((e) => e.name).sort().map((n) => ConfigFile.fromFile(path.join(dir, n)));
  }

  private constructor(public readonly name: string, private readonly source: { text?: string; file?: string; error?: string }) {}

  /** The file's text; reading problems are refusals of `prop`. */
  public read(scope: IConstruct, prop: string): string {
    const s = this.source;
    if (s.file === undefined) {
      if (typeof s.text !== 'string') refuse(scope, `${prop}.text`, s.text, 'the file\'s text as a string');
      return s.text;
    }
    const shown = `${s.file} (${path.resolve(String(s.file))})`;
    if (s.error) refuse(scope, prop, shown, 'a readable folder of config files', s.error === 'ENOENT' ? 'no such folder' : s.error === 'ENOTDIR' ? 'not a folder' : s.error);
    let buf: Buffer;
    try {
      buf = fs.readFileSync(s.file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      refuse(scope, prop, shown, 'a config file that exists and can be read', code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a file (use ConfigFile.fromDirectory)' : code ?? String(e));
    }
    const text = buf.toString('utf8');
    if (buf.includes(0) || Buffer.from(text, 'utf8').length !== buf.length) {
      refuse(scope, prop, shown, 'a UTF-8 text file (binary configuration belongs in the image or a volume)');
    }
    return text;
  }
}

/** A Secret that already exists in the namespace, referenced, never copied. */
export interface SecretReference {
  /** The Secret's name. */
  readonly name: string;
  /**
   * Where its keys appear as files (read-only).
   * @default /var/run/secrets/<app>/<secret>
   */
  readonly mountPath?: string;
  /**
   * Keys exposed as environment variables instead (`ENV_NAME: key`), with the reason: secrets in
   * the environment leak through crash dumps, child processes and `kubectl describe`.
   * @default none (files only)
   */
  readonly env?: { readonly variables: Record<string, string>; readonly reason: string };
}

export interface ConfiguredAppProps extends ProductionDeploymentProps {
  /**
   * Configuration files, mounted read-only at `configPath` from a content-hashed, immutable ConfigMap.
   * @default none
   */
  readonly configFiles?: readonly ConfigFile[];
  /**
   * Where the files are mounted: a folder of their own, never over the image's folders or the writable paths.
   * @default /etc/<name>
   */
  readonly configPath?: string;
  /**
   * Plain settings as environment variables, from a content-hashed, immutable ConfigMap.
   * @default none
   */
  readonly settings?: Record<string, string>;
  /**
   * Existing Secrets, mounted as files (or, with a reason, as environment variables).
   * @default none
   */
  readonly secrets?: readonly SecretReference[];
}

const KEY = /^[-._a-zA-Z0-9]+$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * A ProductionDeployment (same props, same guarantees) configured from outside the image
 * (pattern 11): files and settings go into immutable ConfigMaps whose names carry a hash of
 * their content, so a change makes a new ConfigMap, changes the pod template and rolls the
 * Deployment (kustomize's generator behaviour); the GitOps tool prunes the old one. Secrets are
 * only referenced, mounted as files; secret-looking literals are refused.
 */
export class ConfiguredApp extends ProductionDeployment {
  /** The ConfigMap of the files, when there are any. */
  public readonly configFilesMap?: k8s.KubeConfigMap;
  /** The ConfigMap of the settings, when there are any. */
  public readonly settingsMap?: k8s.KubeConfigMap;

  // Set while the base constructor builds the pod (podAdditions), read back by our constructor.
  declare private made?: { files?: k8s.KubeConfigMap; settings?: k8s.KubeConfigMap };

  constructor(scope: Construct, id: string, props: ConfiguredAppProps) {
    super(scope, id, props);
    const made = this.made!;
    this.configFilesMap = made.files;
    this.settingsMap = made.settings;
  }

  protected podAdditions(): PodAdditions {
    const props = this.props as ConfiguredAppProps;
    const out: Required<PodAdditions> = { volumes: [], mounts: [], env: [], envFrom: [], readOnlyPaths: [] };
    const made: { files?: k8s.KubeConfigMap; settings?: k8s.KubeConfigMap } = {};
    const claimed: Array<{ path: string; prop: string }> = this.writablePaths.map((p) => ({ path: p, prop: 'writablePaths' }));
    const claim = (prop: string, p: unknown) => {
      const mountPath = checkMountPath(this, prop, p);
      for (const other of claimed) {
        if (pathsOverlap(mountPath, other.path)) {
          refuse(this, prop, mountPath, `a folder apart from ${other.prop === 'writablePaths' ? 'the writable paths' : other.prop} (it overlaps ${other.path})`);
        }
      }
      claimed.push({ path: mountPath, prop });
      return mountPath;
    };

    if (props.configFiles !== undefined) {
      if (!Array.isArray(props.configFiles)) refuse(this, 'configFiles', props.configFiles, 'a list of ConfigFile (ConfigFile.inline, ConfigFile.fromFile, ConfigFile.fromDirectory)');
      const data: Record<string, string> = Object.create(null);
      props.configFiles.forEach((f, i) => {
        const prop = `configFiles[${i}]`;
        if (!(f instanceof ConfigFile)) refuse(this, prop, f, 'a ConfigFile (ConfigFile.inline, ConfigFile.fromFile, ConfigFile.fromDirectory)');
        const text = f.read(this, prop);
        if (typeof f.name !== 'string' || !KEY.test(f.name) || f.name.length > 253 || f.name === '.' || f.name === '..'
          || f.name === '__proto__' || f.name === 'constructor' || f.name === 'prototype') {
          refuse(this, `${prop}.name`, f.name, 'a file name of letters, digits, \'-\', \'_\' and \'.\' (a ConfigMap key), not "__proto__", "constructor" or "prototype"');
        }
        if (Object.prototype.hasOwnProperty.call(data, f.name)) refuse(this, `${prop}.name`, f.name, 'a name no other config file has');
        const noSecrets = 'configuration without secrets: put them in a Secret and reference it in `secrets` (rule configmap-secret-content)';
        const secret = secretLikeContent(text);
        if (secret) refuse(this, prop, `${f.name} (content redacted)`, noSecrets, secret);
        if (keyNamesSecret(f.name) && isLiteralSecretValue(text)) refuse(this, prop, `${f.name} (content redacted)`, noSecrets, `a file named "${f.name}" is a secret`);
        data[f.name] = text;
      });
      if (Object.keys(data).length > 0) {
        this.checkSize('configFiles', data);
        const mountPath = claim('configPath', props.configPath ?? `/etc/${this.name}`);
        made.files = new k8s.KubeConfigMap(this, 'ConfigFiles', {
          metadata: { ...this.metadata(), name: contentHashedName(`${this.name}-config`, data) },
          immutable: true,
          data: { ...data },
        });
        out.volumes.push({ name: 'config', configMap: { name: made.files.name } });
        out.mounts.push({ name: 'config', mountPath, readOnly: true });
        out.readOnlyPaths.push(mountPath);
      }
    }
    if (props.configPath !== undefined && !made.files) {
      refuse(this, 'configPath', props.configPath, 'nothing unless configFiles holds at least one file');
    }

    if (props.settings !== undefined) {
      if (typeof props.settings !== 'object' || props.settings === null || Array.isArray(props.settings)) refuse(this, 'settings', props.settings, 'an object of string values');
      const data: Record<string, string> = Object.create(null);
      for (const key of Object.keys(props.settings)) {
        const prop = `settings["${key}"]`;
        if (!ENV_NAME.test(key) || key === '__proto__' || key === 'constructor' || key === 'prototype') {
          refuse(this, prop, key, 'an environment variable name of letters, digits, \'_\', \'-\' and \'.\', not starting with a digit (and not a JavaScript prototype name)');
        }
        const value = (props.settings as Record<string, unknown>)[key];
        // Not the value itself: a mistyped secret must not reach the message.
        if (typeof value !== 'string') refuse(this, prop, `<${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}>`, 'a string');
        const secret = literalSecretProblem(key, value);
        if (secret) refuse(this, prop, '<redacted>', 'no literal secrets: reference a Secret in `secrets` instead (rule env-secret-literal)', secret);
        data[key] = value;
      }
      const secretVars = Array.isArray(props.secrets) ? props.secrets.flatMap((x) => Object.keys(x?.env?.variables ?? {})) : [];
      const taken = new Set([...Object.keys(props.env ?? {}), ...secretVars]);
      for (const key of Object.keys(data)) {
        // envFrom loses silently to env of the same name: refuse instead.
        if (taken.has(key)) refuse(this, `settings["${key}"]`, key, 'a name no env variable or secret variable has (env, settings and secrets share one namespace)');
      }
      if (Object.keys(data).length > 0) {
        this.checkSize('settings', data);
        made.settings = new k8s.KubeConfigMap(this, 'Settings', {
          metadata: { ...this.metadata(), name: contentHashedName(`${this.name}-settings`, data) },
          immutable: true,
          data: { ...data },
        });
        out.envFrom.push({ configMapRef: { name: made.settings.name } });
      }
    }

    if (props.secrets !== undefined) {
      if (!Array.isArray(props.secrets)) refuse(this, 'secrets', props.secrets, 'a list of { name, mountPath?, env? }');
      const names = new Set<string>();
      props.secrets.forEach((s, i) => {
        const prop = `secrets[${i}]`;
        if (typeof s !== 'object' || s === null) refuse(this, prop, s, '{ name, mountPath?, env? }');
        const name = checkSubdomain(this, `${prop}.name`, s.name);
        if (names.has(name)) refuse(this, `${prop}.name`, name, 'a Secret not referenced twice');
        names.add(name);
        if (s.env !== undefined) {
          if (s.mountPath !== undefined) refuse(this, `${prop}.mountPath`, s.mountPath, 'nothing when the Secret is exposed as env variables');
          if (typeof s.env !== 'object' || s.env === null || typeof s.env.variables !== 'object' || s.env.variables === null) {
            refuse(this, `${prop}.env`, s.env, '{ variables: { ENV_NAME: "key" }, reason: "why files will not do" }');
          }
          this.suppressForPods('secret-env-var', s.env.reason, `${prop}.env.reason`);
          for (const [variable, key] of Object.entries(s.env.variables)) {
            if (!ENV_NAME.test(variable)) refuse(this, `${prop}.env.variables`, variable, 'an environment variable name');
            if (typeof key !== 'string' || !KEY.test(key)) refuse(this, `${prop}.env.variables.${variable}`, key, 'a key of the Secret');
            out.env.push({ name: variable, valueFrom: { secretKeyRef: { name, key } } });
          }
        } else {
          const mountPath = claim(`${prop}.mountPath`, orDefault(this, `${prop}.mountPath`, s.mountPath, `/var/run/secrets/${this.name}/${name}`));
          const volume = `secret-${i}`;
          out.volumes.push({ name: volume, secret: { secretName: name, defaultMode: 0o440 } });
          out.mounts.push({ name: volume, mountPath, readOnly: true });
          out.readOnlyPaths.push(mountPath);
        }
      });
    }
    this.made = made;
    return out;
  }

  private checkSize(prop: string, data: Record<string, string>): void {
    const bytes = Object.entries(data).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
    if (bytes > CONFIGMAP_MAX_BYTES) {
      const n = Object.keys(data).length;
      refuse(this, prop, `${bytes} bytes in ${n} ${n === 1 ? 'entry' : 'entries'}`, `at most ${CONFIGMAP_MAX_BYTES} bytes (1 MiB), the most a ConfigMap may hold; large data belongs in the image or a volume`);
    }
  }
}

function checkMountPath(scope: IConstruct, prop: string, p: unknown): string {
  const allowed = 'an absolute, normalised folder of its own, e.g. "/etc/<app>", not over the image\'s system folders';
  if (!isNormalAbsolutePath(p)) refuse(scope, prop, p, allowed);
  if (configMountCoversSystem(p)) {
    refuse(scope, prop, p, allowed, 'it would hide the image\'s own files');
  }
  return p;
}

export { contentHashedName };
