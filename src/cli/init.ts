import * as fs from 'fs';
import * as path from 'path';
import { Document, isMap, isScalar, parseDocument } from 'yaml';
import { packageRoot } from '../package-info';
import { writeFileAtomically } from '../synth/atomic-dir';
import { Io, UsageError, parse } from './args';

/** cdk8s-cli's output folder after init: it empties it before every synth, so it holds only a copy. */
export const SCRATCH_OUTDIR = '.cdk8s.out';
export const WORKFLOW_FILE = path.join('.github', 'workflows', 'cdk8s-prod.yml');

/** One file init writes, or would write. */
export interface InitChange {
  /** Relative to the project. */
  readonly file: string;
  readonly action: 'create' | 'update' | 'unchanged' | 'keep';
  /** What changes and why, for the user. */
  readonly what: string;
  /** The new content, for create and update. */
  readonly content?: string;
}

export interface InitPlan {
  readonly project: string;
  /** The folder ProductionApp publishes (cdk8s.yaml's former output, or dist). */
  readonly publishDir: string;
  readonly changes: InitChange[];
  /** What the user still has to do; init never edits their code. */
  readonly next: string[];
}

/** The project cannot be set up as it is: nothing was written. */
export class InitRefusal extends Error {}

function refuse(message: string): never {
  throw new InitRefusal(message);
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return refuse(`cannot read ${file}: ${(e as Error).message}`);
  }
}

/**
 * Works out every change `cdk8s-prod init` makes to the cdk8s project in `dir`, reading and
 * validating all of it before anything is written.
 */
export function planInit(dir: string, options: { force?: boolean } = {}): InitPlan {
  const project = path.resolve(dir);
  const configFile = path.join(project, 'cdk8s.yaml');
  const configText = readText(configFile);
  if (configText === undefined) {
    refuse(`not a cdk8s project: ${project} has no cdk8s.yaml. Run \`cdk8s-prod init\` at the root of a cdk8s project (one made by \`cdk8s init typescript-app\`)`);
  }
  const config = readConfig(configFile, configText);
  const pkgFile = path.join(project, 'package.json');
  const pkgText = readText(pkgFile);
  if (pkgText === undefined) refuse(`${project} has a cdk8s.yaml but no package.json: cdk8s-prod is an npm package, for a TypeScript or JavaScript cdk8s project`);

  const changes: InitChange[] = [];
  const next: string[] = [];
  const output = config.toJS().output as string | undefined;
  const publishDir = output === undefined || output === SCRATCH_OUTDIR ? 'dist' : checkOutput(project, output);

  // cdk8s.yaml: the CLI's output becomes a scratch folder.
  if (output === SCRATCH_OUTDIR) {
    changes.push({ file: 'cdk8s.yaml', action: 'unchanged', what: `output is already ${SCRATCH_OUTDIR}` });
  } else {
    setOutput(config, publishDir);
    changes.push({
      file: 'cdk8s.yaml',
      action: 'update',
      what: `output: ${SCRATCH_OUTDIR} (was ${output ?? 'unset, so dist'}): cdk8s-cli empties its output folder before every synth, `
        + `so a refused synth would leave ${publishDir}/ empty; ProductionApp writes ${publishDir}/ itself, atomically, and copies it there for the CLI`,
      content: config.toString(),
    });
    if (publishDir !== 'dist') next.push(`pass the published folder to the app: \`new ProductionApp({ outdir: '${publishDir}' })\` (its default is dist)`);
  }

  // .gitignore: the scratch folder and the atomic synth's staging folders.
  const ignoreFile = path.join(project, '.gitignore');
  const ignoreText = readText(ignoreFile);
  const wanted = [`${SCRATCH_OUTDIR}/`, `${publishDir}.staging-*/`, `${publishDir}.previous-*/`];
  const present = new Set((ignoreText ?? '').split(/\r?\n/).map((l) => l.trim()));
  const missing = wanted.filter((l) => !present.has(l));
  if (missing.length === 0) {
    changes.push({ file: '.gitignore', action: 'unchanged', what: `already ignores ${wanted.join(', ')}` });
  } else {
    const before = ignoreText === undefined ? '' : ignoreText.endsWith('\n') || ignoreText === '' ? ignoreText : `${ignoreText}\n`;
    changes.push({
      file: '.gitignore',
      action: ignoreText === undefined ? 'create' : 'update',
      what: `ignore ${missing.join(', ')} (cdk8s-cli's scratch copy; the folders of an atomic synth in progress)`,
      content: `${before}# cdk8s-prod: cdk8s-cli's scratch output, and the folders of a synth in progress\n${missing.join('\n')}\n`,
    });
  }

  // package.json: a check script.
  const pkg = readPackageJson(pkgFile, pkgText);
  const checkScript = `cdk8s-prod check ${publishDir}/`;
  const scripts = (pkg.json.scripts ?? {}) as Record<string, unknown>;
  if (scripts.check === checkScript) {
    changes.push({ file: 'package.json', action: 'unchanged', what: `scripts.check is already "${checkScript}"` });
  } else if (scripts.check !== undefined) {
    changes.push({ file: 'package.json', action: 'keep', what: `scripts.check is the project's own ("${String(scripts.check)}"); run \`npx ${checkScript}\` to check the published manifests` });
  } else {
    const json = { ...pkg.json, scripts: { ...scripts, check: checkScript } };
    changes.push({
      file: 'package.json',
      action: 'update',
      what: `scripts.check = "${checkScript}" (\`npm run check\` checks the published manifests with the catalogue)`,
      content: JSON.stringify(json, null, pkg.indent) + pkg.newline,
    });
  }
  const deps = { ...(pkg.json.dependencies as object | undefined), ...(pkg.json.devDependencies as object | undefined) };
  if (!Object.prototype.hasOwnProperty.call(deps, 'cdk8s-prod')) next.unshift('add the library to the project: `npm install cdk8s-prod`');

  // The CI workflow.
  const workflow = fs.readFileSync(path.join(packageRoot(), 'templates', 'github-workflow.yml'), 'utf8').split('{{outdir}}').join(publishDir);
  const workflowText = readText(path.join(project, WORKFLOW_FILE));
  const wf = WORKFLOW_FILE.split(path.sep).join('/');
  if (workflowText === workflow) {changes.push({ file: wf, action: 'unchanged', what: 'is already the current workflow' });} else if (workflowText !== undefined && !options.force) {changes.push({ file: wf, action: 'keep', what: 'exists and differs from the current workflow; left as it is (--force replaces it)' });} else {
    changes.push({
      file: wf,
      action: workflowText === undefined ? 'create' : 'update',
      what: `CI that synthesizes, checks ${publishDir}/ (findings in the job summary, SARIF optional) and can publish it to a GitOps repository`,
      content: workflow,
    });
  }

  const entry = appEntry(project, config.toJS().app);
  if (entry && !/\bProductionApp\b/.test(readText(path.join(project, entry)) ?? '')) {
    next.push(`in ${entry}, create the app with \`new ProductionApp()\` (import { ProductionApp } from 'cdk8s-prod') instead of \`new App()\`: init does not edit your code`);
  }
  next.push('npx cdk8s synth');
  return { project, publishDir, changes, next };
}

function readConfig(file: string, text: string): Document {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) refuse(`cannot read ${file}: ${doc.errors[0].message.split('\n')[0]}; fix it (or recreate the project with \`cdk8s init\`), then run init again`);
  if (!isMap(doc.contents)) refuse(`cannot read ${file}: it must be a mapping with at least \`app\` (the command that runs the app); got ${doc.contents === null ? 'an empty document' : 'a ' + (isScalar(doc.contents) ? 'scalar' : 'list')}`);
  const js = doc.toJS() as Record<string, unknown>;
  if (js.language !== undefined && js.language !== 'typescript' && js.language !== 'javascript') {
    refuse(`${file}: language is ${JSON.stringify(js.language)}; cdk8s-prod is a library for TypeScript and JavaScript cdk8s projects`);
  }
  if (typeof js.app !== 'string' || js.app.trim() === '') {
    refuse(`${file}: \`app\` (the command that runs the app) must be a non-empty string; got ${JSON.stringify(js.app)}`);
  }
  if (js.output !== undefined && typeof js.output !== 'string') refuse(`${file}: \`output\` must be a folder name; got ${JSON.stringify(js.output)}`);
  return doc;
}

/** The published folder must be a folder of the project: cdk8s-cli deletes what `output` names. */
function checkOutput(project: string, output: string): string {
  const resolved = path.resolve(project, output);
  const rel = path.relative(project, resolved);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    refuse(`cdk8s.yaml: output "${output}" is not a folder inside the project (${project}); cdk8s-cli deletes its output folder before every synth`);
  }
  return rel.split(path.sep).join('/');
}

function setOutput(doc: Document, publishDir: string): void {
  const comment = ` cdk8s-prod: a scratch copy for cdk8s-cli, which empties this folder before every synth.\n`
    + ` ProductionApp writes the published folder (${publishDir}/) itself, atomically. Do not point this at ${publishDir}.`;
  const map = doc.contents as unknown as { items: Array<{ key: unknown; value: unknown }> };
  const existing = map.items.find((p) => isScalar(p.key) && p.key.value === 'output');
  const key = doc.createNode('output');
  key.commentBefore = comment;
  if (existing) {
    existing.key = key;
    existing.value = doc.createNode(SCRATCH_OUTDIR);
  } else {
    map.items.push(doc.createPair(key, SCRATCH_OUTDIR));
  }
}

function readPackageJson(file: string, text: string): { json: Record<string, unknown>; indent: string | number; newline: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return refuse(`cannot read ${file}: ${(e as Error).message}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) refuse(`cannot read ${file}: it must hold a JSON object`);
  const indent = /^\{\r?\n([ \t]+)"/.exec(text)?.[1] ?? 2;
  return { json: json as Record<string, unknown>, indent, newline: text.endsWith('\n') ? '\n' : '' };
}

/** The TypeScript or JavaScript file cdk8s.yaml's `app` command runs (`npx ts-node main.ts`), if it names one. */
function appEntry(project: string, app: string): string | undefined {
  return app.split(/\s+/).find((w) => /\.[cm]?[jt]s$/.test(w) && fs.existsSync(path.join(project, w)));
}

/** Writes each file through a temporary sibling and a rename: a file is either old or new, never half-written. */
export function applyInit(plan: InitPlan): void {
  for (const c of plan.changes) {
    if (c.content === undefined) continue;
    const file = path.join(plan.project, c.file);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomically(file, c.content);
  }
}

const VERB: Record<InitChange['action'], [string, string]> = {
  create: ['created', 'would create'],
  update: ['updated', 'would update'],
  unchanged: ['unchanged', 'unchanged'],
  keep: ['kept', 'would keep'],
};

export function formatPlan(plan: InitPlan, dryRun: boolean): string {
  const lines = [`cdk8s-prod init${dryRun ? ' (dry run: nothing written)' : ''}: ${plan.project}`];
  for (const c of plan.changes) lines.push(`  ${VERB[c.action][dryRun ? 1 : 0]} ${c.file}: ${c.what}`);
  lines.push('next:', ...plan.next.map((n) => `  - ${n}`));
  return lines.join('\n') + '\n';
}

export function runInit(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { 'dry-run': { type: 'boolean' }, 'force': { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError(`init takes no arguments (it sets up the project in the current folder); got "${positionals[0]}"`);
  let plan: InitPlan;
  try {
    plan = planInit(io.cwd, { force: values.force === true });
  } catch (e) {
    if (!(e instanceof InitRefusal)) throw e;
    io.err(`cdk8s-prod init: ${e.message}\nnothing was changed\n`);
    return 2;
  }
  const dryRun = values['dry-run'] === true;
  if (!dryRun) applyInit(plan);
  io.out(formatPlan(plan, dryRun));
  return 0;
}
