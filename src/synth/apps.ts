import * as fs from 'fs';
import * as path from 'path';
import { replaceDirAtomically } from './atomic-dir';
import { applicableObjects } from '../k8s/lists';
import { ProductionApp, ProductionAppProps } from './production-app';
import { describeIdentity, identityOf } from '../k8s/manifest';

/** An app of `apps/`: a folder whose `app.ts` exports `build(app)`. */
export interface AppDefinition {
  /** The folder name; also the output folder `dist/<name>`. */
  readonly name: string;
  /** Adds the app's charts to a ProductionApp. */
  readonly build: (app: ProductionApp) => void;
}

export interface SynthOptions {
  /** The GitOps output folder, replaced as a whole. */
  readonly outdir: string;
  /** Extra props for each ProductionApp (rules, warning sink). */
  readonly appProps?: Omit<ProductionAppProps, 'outdir' | 'cliOutdir'>;
}

export interface SynthResult {
  readonly apps: string[];
  /** False when the fresh output equals what was there (nothing moved). */
  readonly changed: boolean;
}

const APP_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Finds the apps of an `apps/` folder: each sub-folder with an `app.ts` (or compiled `app.js`). */
export function discoverApps(appsDir: string): AppDefinition[] {
  if (!fs.existsSync(appsDir)) throw new Error(`apps folder "${appsDir}" does not exist`);
  const out: AppDefinition[] = [];
  for (const entry of fs.readdirSync(appsDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(appsDir, entry.name);
    if (!['app.ts', 'app.js'].some((f) => fs.existsSync(path.join(dir, f)))) continue;
    if (!APP_NAME.test(entry.name)) {
      throw new Error(`app folder "${dir}": "${entry.name}" is not a valid app name (lower-case letters, digits and '-', starting and ending with a letter or digit)`);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the app module, found at run time
    const mod = require(path.resolve(dir, 'app'));
    if (typeof mod.build !== 'function') {
      throw new Error(`app "${entry.name}" (${dir}/app.ts) must export a function build(app: ProductionApp)`);
    }
    out.push({ name: entry.name, build: mod.build });
  }
  return out;
}

/**
 * Synthesizes every app into `<outdir>/<app>/`, each checked by its ProductionApp, and swaps the
 * result into place at once. Any failure (a construct error, a rule finding, an exception in
 * one app) leaves `outdir` byte-identical.
 */
export function synthesizeApps(apps: readonly AppDefinition[], options: SynthOptions): SynthResult {
  const names = new Set<string>();
  for (const a of apps) {
    if (names.has(a.name)) throw new Error(`two apps are named "${a.name}"`);
    names.add(a.name);
  }
  const { changed } = replaceDirAtomically(options.outdir, (staging) => {
    // One GitOps repository applies every app: an object two apps write would be applied twice,
    // and a namespace two apps fill is judged per app at synth but as one by `check dist/`.
    const writers = new Map<string, { app: string; path: string }>();
    const namespaces = new Map<string, { app: string; path: string }>();
    for (const def of apps) {
      const outdir = path.join(staging, def.name);
      const app = new ProductionApp({ ...options.appProps, outdir, cliOutdir: false, recordConstructMetadata: false });
      try {
        const result: unknown = def.build(app);
        // The synth cannot wait: an app whose charts arrive later would be published without them.
        if (typeof (result as { then?: unknown } | undefined)?.then === 'function') {
          throw new Error('build(app) returned a Promise; it must add its charts synchronously (read files with fs.readFileSync)');
        }
        app.synth();
        for (const written of app.lastWritten) {
          const at = { app: def.name, path: app.lastWrittenPaths.get(written) ?? '' };
          for (const obj of applicableObjects([written])) {
            if (!obj.metadata?.name) continue;
            const id = identityOf(obj);
            const other = writers.get(id);
            if (other !== undefined && other.app !== def.name) {
              throw new Error(`apps "${other.app}" (${other.path}) and "${def.name}" (${at.path}) both write ${describeIdentity(obj)} (${obj.apiVersion}): `
                + 'the cluster keeps one of them; define it in one app');
            }
            writers.set(id, at);
            const ns = obj.kind === 'Namespace' ? obj.metadata.name : obj.metadata.namespace;
            if (typeof ns !== 'string' || ns === '') continue;
            const first = namespaces.get(ns);
            if (first !== undefined && first.app !== def.name) {
              throw new Error(`apps "${first.app}" (${first.path}) and "${def.name}" (${at.path}) both put objects in namespace "${ns}": `
                + 'each app\'s synth judges the namespace\'s quota and Services without the other\'s objects; put a namespace in one app');
            }
            if (first === undefined) namespaces.set(ns, at);
          }
        }
      } catch (e) {
        // The message names the app. An Error keeps its type (a PolicyError keeps its report);
        // anything else (a string, a frozen Error) is wrapped, with the original as its cause.
        if (e instanceof Error && Object.isExtensible(e) && !Object.isFrozen(e)) {
          e.message = `app "${def.name}": ${e.message}`;
          throw e;
        }
        const what = e instanceof Error ? e.message : `threw ${typeof e === 'string' ? JSON.stringify(e) : String(e)}`;
        throw new Error(`app "${def.name}": ${what}`, { cause: e });
      }
    }
  });
  return { apps: apps.map((a) => a.name), changed };
}
