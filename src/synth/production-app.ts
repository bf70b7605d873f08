import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, AppProps, Chart, DependencyGraph, Yaml } from 'cdk8s';
import { IConstruct } from 'constructs';
import { copyManifestsForCli, listFiles, replaceDirAtomically } from './atomic-dir';
import { isK8sObject } from '../engine/audit';
import { AuditReport, errorsOf, formatFinding, warningsOf } from '../engine/finding';
import { CATALOGUE, withHardCore } from '../catalogue';
import { DockerfileInput, auditSources } from '../catalogue/audit';
import { AuditSettings, Rule } from '../engine/rule';
import { DOCKERFILE_SOURCE, DockerfileSource } from '../dockerfile/source';
import { K8sObject } from '../k8s/manifest';
import { Suppressions } from '../catalogue/suppressions';
import { UnwritableValueError, stringifyDocument } from './yaml-writer';
import { GITOPS_CONTEXT, GITOPS_ENGINES, GitOpsEngine } from '../../constructs/gitops';

export interface ProductionAppProps extends AppProps {
  /**
   * The published folder (what the GitOps repository gets). ProductionApp writes it itself and
   * replaces it atomically: a refused synth leaves it byte-identical. Unlike a plain cdk8s App it
   * does not default to `CDK8S_OUTDIR`: cdk8s-cli empties that folder before it runs the app, so
   * it is written as a copy (see `cliOutdir`).
   * @default "dist"
   */
  readonly outdir?: string;
  /**
   * cdk8s-cli's output folder, which the CLI empties before it runs the app and then lists (or
   * prints, with `--stdout`): a copy of the published folder is written there after a successful
   * synth. `false` writes no copy.
   * @default process.env.CDK8S_OUTDIR when it names another folder than `outdir`
   */
  readonly cliOutdir?: string | false;
  /**
   * The rules every object must pass: the catalogue, some of its packs (`rulesInPacks('pod-security', 'images')`),
   * or either with rules of your own. The hard core (`HARD_CORE`) is always added: it has no exceptions.
   * @default the whole catalogue (`CATALOGUE`)
   */
  readonly rules?: readonly Rule[];
  /**
   * Receives each warning (warnings do not fail the synth).
   * @default printed with console.warn
   */
  readonly onWarning?: (message: string) => void;
  /**
   * Registries images may come from (`registry.example.com`, or a path prefix such as
   * `registry.example.com/shop`; `docker.io` for images with no registry), enforced by the
   * `image-registry-allowed` rule.
   * @default any registry
   */
  readonly allowedRegistries?: readonly string[];
  /**
   * Every image must carry a digest (`web:1.4.2@sha256:…`), enforced by the `image-digest-required` rule.
   * @default false
   */
  readonly requireImageDigests?: boolean;
  /**
   * The GitOps engine that applies the output, which decides how Jobs are written (both engines
   * apply again a Job that its TTL deleted, and it runs again): `argocd` makes each BoundedJob a
   * sync hook (`Sync`, deleted before the next sync creates it again); `flux` gives it a
   * content-hashed name and no TTL, so it runs once per change and is pruned when it changes;
   * `none` writes plain Jobs with a TTL. CronJobs are the same for every engine.
   * @default "none"
   */
  readonly gitops?: GitOpsEngine;
}

/** The synth was refused: the report holds every finding. */
export class PolicyError extends Error {
  /** Every finding, suppressed ones included. */
  public declare readonly report: AuditReport;

  constructor(report: AuditReport) {
    const errors = errorsOf(report);
    super(`cdk8s-prod refused to synthesize: ${errors.length} error finding${errors.length === 1 ? '' : 's'}\n${errors.map(formatFinding).join('\n')}`);
    // An uncaught refusal (the usual end of `app.synth()` in main.ts) prints the findings and
    // nothing else: no stack of cdk8s-prod's frames, no dump of the report object.
    Object.defineProperty(this, 'name', { value: 'PolicyError', enumerable: false, writable: true, configurable: true });
    Object.defineProperty(this, 'report', { value: report, enumerable: false });
    Object.defineProperty(this, 'stack', { value: `${this.name}: ${this.message}`, enumerable: false, writable: true, configurable: true });
  }
}

/**
 * A cdk8s App that polices every object it synthesizes, whatever made it (our constructs, raw
 * ApiObjects, cdk8s-plus, Included YAML, JSON patches): the final JSON of each object runs
 * through the rule catalogue, and any unsuppressed error fails the synth before a byte is
 * written. Output replaces `outdir` atomically, with a `kustomization.yaml` for GitOps tools.
 */
export class ProductionApp extends App {
  public readonly rules: readonly Rule[];
  public readonly settings: AuditSettings;
  private readonly onWarning: (message: string) => void;
  /**
   * While synth() or synthYaml() runs: the JSON audit() computed for each object, which the writer
   * then reuses instead of serializing every object a second time.
   */
  private serialized?: Map<ApiObject, unknown>;

  /** @internal The objects the last synth() or synthYaml() wrote, as written. */
  public lastWritten: readonly K8sObject[] = [];
  /** @internal The construct path of each object of `lastWritten`. */
  public lastWrittenPaths: ReadonlyMap<K8sObject, string> = new Map();
  /** The folder cdk8s-cli lists after the synth, when it is not `outdir`. */
  private readonly cliOutdir?: string;
  /** The GitOps engine the output is written for (the `gitops` prop). */
  public readonly gitops: GitOpsEngine;

  constructor(props: ProductionAppProps = {}) {
    super({ ...props, outdir: props.outdir ?? 'dist' });
    if (props.rules !== undefined && (!Array.isArray(props.rules) || props.rules.some((r) => typeof r?.check !== 'function' || typeof r?.id !== 'string'))) {
      throw new Error('ProductionApp: rules must be a list of rules (objectRule, podRule, containerRule, or CATALOGUE, rulesInPacks(...)); '
        + `got ${Array.isArray(props.rules) ? 'a list with something else in it' : typeof props.rules}`);
    }
    this.rules = withHardCore(props.rules ?? CATALOGUE);
    if (props.gitops !== undefined && !GITOPS_ENGINES.includes(props.gitops)) {
      throw new Error(`ProductionApp: gitops must be one of ${GITOPS_ENGINES.map((e) => `"${e}"`).join(', ')}; got ${JSON.stringify(props.gitops)}`);
    }
    this.gitops = props.gitops ?? 'none';
    this.node.setContext(GITOPS_CONTEXT, this.gitops);
    this.onWarning = props.onWarning ?? ((m) => console.warn(m));
    const cli = props.cliOutdir ?? process.env.CDK8S_OUTDIR;
    if (cli && path.resolve(cli) !== path.resolve(this.outdir)) {
      // The copy replaces its folder: it must not hold the published folder, nor sit inside it.
      const [a, b] = [path.resolve(cli), path.resolve(this.outdir)];
      if (isWithin(b, a) || isWithin(a, b)) {
        throw new Error(`ProductionApp: cdk8s-cli's output folder "${cli}" (${props.cliOutdir === undefined ? 'CDK8S_OUTDIR' : 'cliOutdir'}) `
          + `and the published folder "${this.outdir}" (outdir) overlap; make them two separate folders (\`npx cdk8s-prod init\` sets cdk8s.yaml's output to .cdk8s.out)`);
      }
      this.cliOutdir = cli;
    } else if (cli && props.cliOutdir === undefined) {
      this.onWarning(`cdk8s-prod: cdk8s-cli's output folder is the published folder "${this.outdir}", and cdk8s-cli empties it `
        + 'before it runs the app, so a refused synth leaves it empty. Run `npx cdk8s-prod init`, which points cdk8s.yaml\'s '
        + '`output` at a scratch folder (ProductionApp writes the published folder itself, atomically).');
    }
    this.settings = {
      ...(props.allowedRegistries ? { allowedRegistries: [...props.allowedRegistries] } : {}),
      ...(props.requireImageDigests ? { requireImageDigests: true } : {}),
    };
  }

  /** Every Kubernetes object of the app, with its construct path. */
  public apiObjects(): ApiObject[] {
    return this.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
  }

  /**
   * Runs construct validations, then the catalogue over the final JSON of every object, and the
   * Dockerfile rules over each Dockerfile a workload names.
   */
  public audit(): AuditReport {
    this.runValidations();
    Suppressions.applyAll(this);
    // The final set: what exists once every validation has run (a validation may add objects).
    const constructs = this.node.findAll();
    const objects = constructs.filter((c): c is ApiObject => c instanceof ApiObject);
    const inputs = objects.map((o) => ({ object: o.toJson(), source: { constructPath: o.node.path } }));
    if (this.serialized) objects.forEach((o, i) => this.serialized!.set(o, inputs[i].object));
    const dockerfiles: DockerfileInput[] = [];
    const seen = new Set<string>();
    for (const c of constructs) {
      const source = (c as unknown as Record<symbol, DockerfileSource | undefined>)[DOCKERFILE_SOURCE];
      if (!source || seen.has(source.file)) continue;
      seen.add(source.file);
      dockerfiles.push({ ...source, constructPath: c.node.path });
    }
    const { report, problems, skipped } = auditSources(inputs, dockerfiles, { rules: this.rules, settings: this.settings });
    // The constructs refuse such Dockerfiles; a source set by other means must not pass unjudged.
    const unread = [...problems.map((p) => `${p.file}: ${p.message}`), ...skipped.map((s) => `${s.file}: ${s.reason}`)];
    if (unread.length > 0) throw new Error(`cdk8s-prod cannot audit the Dockerfiles of the app: ${unread.join('; ')}`);
    return report;
  }

  /** Audits; throws PolicyError on any error finding, reports warnings. */
  public enforce(): AuditReport {
    const report = this.audit();
    if (errorsOf(report).length > 0) throw new PolicyError(report);
    for (const w of warningsOf(report)) this.onWarning(formatFinding(w));
    return report;
  }

  public synth(): void {
    this.enforceKeepingJson(() => {
      const target = this.outdir;
      const self = this as { outdir: string };
      replaceDirAtomically(target, (staging) => {
        self.outdir = staging;
        try {
          super.synth();
        } finally {
          self.outdir = target;
        }
        writeKustomization(staging);
      });
      if (this.cliOutdir) {
        fs.rmSync(this.cliOutdir, { recursive: true, force: true });
        copyManifestsForCli(target, this.cliOutdir);
      }
    });
  }

  public synthYaml(): string {
    let yaml = '';
    this.enforceKeepingJson(() => {
      yaml = super.synthYaml();
    });
    return yaml;
  }

  /**
   * Enforces, then runs `write` with each object's toJson() answering the JSON the audit checked:
   * what is written is exactly what passed, and no object is serialized twice. Nothing can change
   * an object between the two (cdk8s only validates and orders them before writing).
   */
  private enforceKeepingJson(write: () => void): void {
    const serialized = new Map<ApiObject, unknown>();
    this.serialized = serialized;
    try {
      this.enforce();
    } finally {
      this.serialized = undefined;
    }
    const audited = new Map<unknown, ApiObject>();
    for (const [obj, json] of serialized) audited.set(json, obj);
    this.lastWritten = [...serialized.values()] as K8sObject[];
    this.lastWrittenPaths = new Map([...serialized].map(([obj, json]) => [json as K8sObject, obj.node.path]));
    const restore: Array<() => void> = [];
    const yaml = Yaml as unknown as { stringify: (...docs: unknown[]) => string };
    const cdk8sStringify = Object.getOwnPropertyDescriptor(Yaml, 'stringify')!;
    try {
      for (const [obj, json] of serialized) {
        const own = Object.getOwnPropertyDescriptor(obj, 'toJson');
        Object.defineProperty(obj, 'toJson', { value: () => json, configurable: true, writable: true });
        restore.push(own ? () => Object.defineProperty(obj, 'toJson', own) : () => delete (obj as { toJson?: unknown }).toJson);
      }
      // cdk8s's Chart.toJson() resolves the dependencies of the whole app and validates all of it
      // again, once per chart: a synth of many charts costs the square of their number. synth()
      // has done both once already, so each chart answers its own objects, in the order cdk8s
      // gives them. A chart class with a toJson of its own keeps it.
      for (const chart of this.node.findAll()) {
        if (!(chart instanceof Chart) || chart.toJson !== Chart.prototype.toJson) continue;
        const own = Object.getOwnPropertyDescriptor(chart, 'toJson');
        Object.defineProperty(chart, 'toJson', { value: () => objectsOfChart(chart).map((o) => o.toJson()), configurable: true, writable: true });
        restore.push(own ? () => Object.defineProperty(chart, 'toJson', own) : () => delete (chart as { toJson?: unknown }).toJson);
      }
      // cdk8s writes every file through Yaml.stringify: for this synth, that is our writer, which
      // writes only objects the audit judged, as bytes kubectl reads back as exactly those objects.
      Object.defineProperty(yaml, 'stringify', { value: (...docs: unknown[]) => writeAudited(docs, audited), configurable: true, writable: true });
      write();
    } finally {
      Object.defineProperty(Yaml, 'stringify', cdk8sStringify);
      for (const r of restore) r();
    }
  }

  /** Runs every construct's validations, and those of constructs a validation adds, until none is new. */
  private runValidations(): void {
    const errors: string[] = [];
    const validated = new Set<IConstruct>();
    for (let round = 0; ; round++) {
      const fresh = this.node.findAll().filter((c) => !validated.has(c));
      if (fresh.length === 0) break;
      if (round === 10) throw new Error(`construct validations keep adding constructs (${fresh.map((c) => c.node.path).slice(0, 3).join(', ')}, ...): create the objects of the app before synth()`);
      for (const c of fresh) {
        validated.add(c);
        for (const e of c.node.validate()) errors.push(`[${c.node.path}] ${e}`);
      }
    }
    if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  }
}

/** The objects of a chart in cdk8s's order (that of its chartToKube): dependencies first, nested charts' objects left to them. */
function objectsOfChart(chart: Chart): ApiObject[] {
  return new DependencyGraph(chart.node).topology().filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart);
}

/**
 * The documents cdk8s asks to write, as YAML: each must be the very JSON the audit judged (an
 * object made or replaced after the audit, by a validation or a lazy value, is refused), and each
 * must have a faithful YAML form.
 */
function writeAudited(docs: readonly unknown[], audited: ReadonlyMap<unknown, ApiObject>): string {
  return docs.filter((d) => d !== undefined).map((doc) => {
    const obj = audited.get(doc);
    const what = isK8sObject(doc) ? `${doc.kind}/${doc.metadata?.name ?? '<unnamed>'}` : 'a document';
    if (!obj) {
      throw new Error(`cdk8s-prod refused to write ${what}: ProductionApp did not audit it (it was made or changed after the audit, by a construct `
        + 'validation or a lazy value); create every object before synth()');
    }
    try {
      return stringifyDocument(doc);
    } catch (e) {
      if (e instanceof UnwritableValueError) throw new Error(`${obj.node.path}: cannot write ${what}: ${e.message}`);
      throw e;
    }
  }).join('---\n');
}

/** True when `inner` is `outer` or a folder below it. */
function isWithin(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Lists the manifests of a folder so that `kubectl kustomize`, Argo CD and Flux can apply it as is. */
export function writeKustomization(dir: string): void {
  const resources = listFiles(dir).filter((f) => /\.ya?ml$/.test(f) && path.basename(f) !== 'kustomization.yaml');
  const body = [
    '# Generated by cdk8s-prod; do not edit.',
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources:',
    ...resources.map((r) => `  - ${r.split(path.sep).join('/')}`),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'kustomization.yaml'), body);
}
