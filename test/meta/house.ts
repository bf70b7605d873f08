import * as path from 'path';

/**
 * The house rules of the repository as pure functions over plain data, so test/meta.test.ts can
 * run them on the real tree and show on fabricated input that each one does report what it
 * looks for. Each returns the problems it found, in words a contributor can act on; none throws.
 */

/** What a file of src/rules or src/dockerfile/rules exports, as `require` gives it. */
export interface RuleModule {
  /** Repository-relative path, e.g. `src/rules/no-host-pid.ts`. */
  readonly file: string;
  readonly exports: Readonly<Record<string, unknown>>;
}

/** Anything with the shape of a rule: a string id and a check function. */
export function isRuleLike(x: unknown): x is { id: string; check: unknown } {
  return typeof x === 'object' && x !== null && typeof (x as { id?: unknown }).id === 'string' && typeof (x as { check?: unknown }).check === 'function';
}

/**
 * A rule file exports exactly one rule, whose id is the file's name, and the catalogue holds
 * that very object (not a copy, not a look-alike). Helpers may be exported beside it.
 */
export function ruleModuleProblems(mod: RuleModule, registered: ReadonlySet<unknown>): string[] {
  const base = path.basename(mod.file, '.ts');
  const rules = Object.entries(mod.exports).filter(([, v]) => isRuleLike(v));
  if (rules.length !== 1) {
    return [`${mod.file} exports ${rules.length} rules (${rules.map(([k]) => k).join(', ') || 'none'}); a rule file exports exactly one`];
  }
  const [name, rule] = rules[0] as [string, { id: string }];
  const out: string[] = [];
  if (rule.id !== base) out.push(`${mod.file} exports the rule "${rule.id}"; a rule's file is named for its id (${rule.id}.ts)`);
  if (!registered.has(rule)) out.push(`${mod.file}: the rule ${name} ("${rule.id}") is not in the catalogue (src/catalogue/index.ts or DOCKERFILE_RULES)`);
  return out;
}

export interface RuleData {
  readonly id: string;
  readonly pack?: unknown;
  readonly title?: unknown;
  readonly description?: unknown;
  readonly remediation?: unknown;
  readonly examples?: { readonly violating?: readonly unknown[]; readonly compliant?: readonly unknown[] };
}

/** What a rule must carry besides its check: a known pack, examples of both kinds, its docs section. */
export function ruleMetaProblems(rule: RuleData, packs: readonly string[], rulesDoc: string): string[] {
  const out: string[] = [];
  if (typeof rule.pack !== 'string' || !packs.includes(rule.pack)) out.push(`rule ${rule.id}: pack ${JSON.stringify(rule.pack)} is not one of PACKS (${packs.join(', ')})`);
  for (const field of ['title', 'description', 'remediation'] as const) {
    const v = rule[field];
    if (typeof v !== 'string' || v.trim() === '') out.push(`rule ${rule.id}: no ${field}`);
  }
  if (!rule.examples?.violating?.length) out.push(`rule ${rule.id}: no violating example`);
  if (!rule.examples?.compliant?.length) out.push(`rule ${rule.id}: no compliant example`);
  if (!rulesDoc.includes(`\n### ${rule.id}\n`)) out.push(`rule ${rule.id}: no "### ${rule.id}" section in docs/rules.md (run npm run docs)`);
  return out;
}

/** How a manifest rule declares its admission gate: CEL over some kinds, or where else it is held and why. */
export interface AdmissionData {
  readonly id: string;
  readonly admission?: {
    readonly kinds?: readonly unknown[]; readonly expression?: unknown; readonly gate?: unknown; readonly reason?: unknown;
  };
}

/**
 * Every manifest rule says what the admission gate does with it (docs/admission.md lists them
 * by gate): a CEL expression over the kinds it reads, or the gate that holds it and a reason.
 */
export function admissionProblems(rule: AdmissionData): string[] {
  const a = rule.admission;
  if (a === undefined) return [`rule ${rule.id}: no admission (a CEL expression over its kinds, or { gate: 'synth-and-ci' | 'api-server', reason })`];
  if (a.expression !== undefined) {
    return Array.isArray(a.kinds) && a.kinds.length > 0 ? [] : [`rule ${rule.id}: its admission expression matches no kind`];
  }
  const out: string[] = [];
  if (a.gate !== 'synth-and-ci' && a.gate !== 'api-server') out.push(`rule ${rule.id}: admission gate ${JSON.stringify(a.gate)} is not synth-and-ci or api-server`);
  if (typeof a.reason !== 'string' || a.reason.length < 20) out.push(`rule ${rule.id}: no reason why the admission gate does not hold it`);
  return out;
}

/** `ProductionDeployment` → `production-deployment` */
export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** Reads a repository-relative file, or undefined when there is none. */
export type ReadFile = (file: string) => string | undefined;

/**
 * Each construct has its own files: its tests (test/constructs/<file>.test.ts with a describe
 * named for it), its compile-time refusals (test/types/<file>.ts), its properties
 * (test/proof/properties.test.ts) and a README section.
 */
export function constructProblems(name: string, read: ReadFile): string[] {
  const file = kebab(name);
  const out: string[] = [];
  const expectIn = (where: string, needle: string | RegExp, what: string) => {
    const text = read(where);
    if (text === undefined) out.push(`${name}: no ${where} (${what})`);
    else if (typeof needle === 'string' ? !text.includes(needle) : !needle.test(text)) out.push(`${name}: ${where} has no ${what}`);
  };
  expectIn(`constructs/${file}.ts`, new RegExp(`^export class ${name}\\b`, 'm'), `export class ${name}`);
  expectIn(`test/constructs/${file}.test.ts`, `describe('${name}`, `describe('${name}…') of its tests`);
  expectIn(`test/types/${file}.ts`, `new ${name}(`, `compile-time test that constructs a ${name}`);
  expectIn(`test/types/${file}.ts`, '@ts-expect-error', 'compile-time refusal (@ts-expect-error)');
  expectIn('test/proof/properties.test.ts', `describe(\`${name} (`, `property tests (describe(\`${name} (…\`))`);
  expectIn('README.md', new RegExp(`^## .*\\b${name}\\b`, 'm'), `"## " section naming ${name}`);
  return out;
}

/** An import from one repository-relative file to another. */
export interface ImportEdge {
  readonly from: string;
  readonly to: string;
}

/**
 * The layer a file belongs to: its folder under src/ (`src/engine/rule.ts` → `engine`), the
 * rule folders as their own layer (`src/dockerfile/rules/…` → `dockerfile`, which holds them),
 * `constructs` for constructs/, and the file itself for top-level files of src/.
 */
export function layerOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'constructs') return 'constructs';
  if (parts[0] === 'src' && parts.length > 2) return parts[1];
  return file;
}

/**
 * Imports go down the layers only (a layer may use those before it in `order`, never one
 * after), and constructs judge through the catalogue, never by importing a rule file. Files
 * outside the order (src/index.ts, src/package-info.ts) are checked by the callers' choice of edges.
 */
export function layerProblems(edges: readonly ImportEdge[], order: readonly string[]): string[] {
  const out: string[] = [];
  for (const { from, to } of edges) {
    const a = layerOf(from);
    const b = layerOf(to);
    if (a === b) continue;
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    if (ia < 0 || ib < 0) continue;
    if (ib > ia) out.push(`${from} (${a}) imports ${to} (${b}): ${b} comes after ${a} in the layers (${order.join(' < ')})`);
    if (a === 'constructs' && b === 'rules') out.push(`${from} imports the rule file ${to}: constructs reach rules through the catalogue`);
  }
  return out;
}

/** Import cycles between files, each as the files around it (first file repeated at the end). */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...new Set([...(next.get(from) ?? []), to])]);
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const t of next.get(f) ?? []) {
      if (state.get(t) === 'open') cycles.push([...stack.slice(stack.indexOf(t)), t]);
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of [...next.keys()].sort()) if (!state.has(f)) visit(f);
  return cycles;
}

/**
 * The relative imports of a TypeScript file's text (`import … from './x'`, `export … from`,
 * `import type`, lazy `require('./x')`), resolved to repository-relative `.ts` paths by `resolve`.
 */
export function importsOf(file: string, text: string, resolve: (from: string, spec: string) => string | undefined): ImportEdge[] {
  const out: ImportEdge[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s+'(\.{1,2}\/[^']*)'/gm)) {
    const to = resolve(file, m[1]);
    if (to !== undefined) out.push({ from: file, to });
  }
  for (const m of text.matchAll(/^\s*import\s+'(\.{1,2}\/[^']*)'|\brequire\('(\.{1,2}\/[^']*)'\)/gm)) {
    const to = resolve(file, m[1] ?? m[2]);
    if (to !== undefined) out.push({ from: file, to });
  }
  return out;
}
