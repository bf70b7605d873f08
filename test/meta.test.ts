import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import * as api from '../src';
import { DOCKERFILE_RULES } from '../src/dockerfile';
import { PACK_IDS } from '../src/engine/packs';
import {
  ImportEdge, RuleModule, admissionProblems, constructProblems, importCycles, importsOf, kebab, layerOf, layerProblems, ruleMetaProblems,
  ruleModuleProblems,
} from './meta/house';

/**
 * The structure of the repository, as CONTRIBUTING.md describes it, checked on the real tree:
 * one rule per file named for its id, in the catalogue, with a pack, examples and docs; each
 * construct with its tests, type tests, properties and README section; imports that only go
 * down the layers, without cycles. The checks are pure functions (test/meta/house.ts); the last
 * part shows on fabricated input that each reports what it looks for.
 */

const ROOT = path.join(__dirname, '..');
const LAYERS = ['k8s', 'secrets', 'engine', 'dockerfile', 'rules', 'catalogue', 'admission', 'constructs', 'synth', 'import', 'report', 'cli'];

const read = (file: string): string | undefined => {
  const abs = path.join(ROOT, file);
  return fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : undefined;
};

function tsFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .flatMap((e) => e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [])
    .sort();
}

function resolve(from: string, spec: string): string | undefined {
  const base = path.join(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(path.join(ROOT, candidate))) return candidate;
  }
  return undefined;
}

function ruleModules(dir: string): RuleModule[] {
  return fs.readdirSync(path.join(ROOT, dir))
    .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
    .sort()
    .map((f) => ({ file: `${dir}/${f}`, exports: require(path.join(ROOT, dir, f)) as Record<string, unknown> }));
}

const RULE_MODULES = [...ruleModules('src/rules'), ...ruleModules('src/dockerfile/rules')];
const REGISTERED = new Set<unknown>([...api.CATALOGUE, ...DOCKERFILE_RULES]);
const RULES_DOC = read('docs/rules.md') ?? '';

/** The concrete constructs of the public API: exported Construct classes that are neither abstract nor plain API objects. */
function publicConstructs(): string[] {
  const abstract = new Set(tsFiles('constructs').flatMap((f) => [...(read(f) ?? '').matchAll(/^export abstract class (\w+)/gm)].map((m) => m[1])));
  return Object.entries(api)
    // isPrototypeOf, not instanceof: cdk8s gives ApiObject a Symbol.hasInstance that judges instances only.
    .filter(([name, v]) => typeof v === 'function' && Construct.prototype.isPrototypeOf(v.prototype) && !ApiObject.prototype.isPrototypeOf(v.prototype) && !abstract.has(name))
    .map(([name]) => name)
    .filter((name) => name !== 'ProductionApp')
    .sort();
}

describe('rules', () => {
  test('every rule file exports one rule named for the file, and the catalogue holds it', () => {
    expect(RULE_MODULES.length).toBe(REGISTERED.size);
    expect(RULE_MODULES.flatMap((m) => ruleModuleProblems(m, REGISTERED))).toEqual([]);
  });

  test('every rule has a pack, examples of both kinds and a section in docs/rules.md', () => {
    expect([...api.CATALOGUE, ...DOCKERFILE_RULES].flatMap((r) => ruleMetaProblems(r, PACK_IDS, RULES_DOC))).toEqual([]);
  });

  test('every manifest rule says what the admission gate does with it', () => {
    expect(api.CATALOGUE.flatMap((r) => admissionProblems(r))).toEqual([]);
  });
});

describe('constructs', () => {
  test('the public constructs are the seven the README describes', () => {
    expect(publicConstructs()).toEqual(['BoundedCronJob', 'BoundedJob', 'ConfiguredApp', 'ProductionDaemonSet', 'ProductionDeployment', 'ProductionStatefulSet', 'QuotaNamespace']);
  });

  test.each(publicConstructs())('%s has its file, tests, type tests, properties and README section', (name) => {
    expect(constructProblems(name, read)).toEqual([]);
  });
});

describe('layers', () => {
  const files = [...tsFiles('src'), ...tsFiles('constructs')];
  const edges = files.flatMap((f) => importsOf(f, read(f) ?? '', resolve));

  test('the import reader finds the edges there are', () => {
    // Spot checks that the reader sees multi-line, type-only and lazy imports.
    expect(edges).toContainEqual({ from: 'src/catalogue/index.ts', to: 'src/rules/no-host-pid.ts' });
    expect(edges).toContainEqual({ from: 'src/dockerfile/index.ts', to: 'src/engine/audit.ts' });
    expect(edges).toContainEqual({ from: 'src/cli/main.ts', to: 'src/cli/commands.ts' });
    expect(new Set(files.map(layerOf).filter((l) => !l.endsWith('.ts')))).toEqual(new Set(LAYERS));
  });

  test(`imports only go down the layers (${LAYERS.join(' < ')}); constructs never import a rule file`, () => {
    expect(layerProblems(edges, LAYERS)).toEqual([]);
  });

  test('no file imports itself through others', () => {
    expect(importCycles(edges)).toEqual([]);
  });
});

describe('the checks report what they look for', () => {
  const rule = api.CATALOGUE.find((r) => r.id === 'no-host-pid')!;

  test('a rule file with no rule, two rules, a misnamed rule or one outside the catalogue', () => {
    expect(ruleModuleProblems({ file: 'src/rules/helpers.ts', exports: { helper: () => 1 } }, REGISTERED))
      .toEqual(['src/rules/helpers.ts exports 0 rules (none); a rule file exports exactly one']);
    expect(ruleModuleProblems({ file: 'src/rules/no-host-pid.ts', exports: { a: rule, b: { ...rule } } }, REGISTERED))
      .toEqual(['src/rules/no-host-pid.ts exports 2 rules (a, b); a rule file exports exactly one']);
    expect(ruleModuleProblems({ file: 'src/rules/host-pid.ts', exports: { noHostPid: rule } }, REGISTERED))
      .toEqual(['src/rules/host-pid.ts exports the rule "no-host-pid"; a rule\'s file is named for its id (no-host-pid.ts)']);
    expect(ruleModuleProblems({ file: 'src/rules/no-host-pid.ts', exports: { noHostPid: { ...rule } } }, REGISTERED))
      .toEqual(['src/rules/no-host-pid.ts: the rule noHostPid ("no-host-pid") is not in the catalogue (src/catalogue/index.ts or DOCKERFILE_RULES)']);
  });

  test('a rule without a pack, examples, remediation or docs', () => {
    const bare = { id: 'made-up', title: 'Made up', description: 'x', remediation: ' ' };
    expect(ruleMetaProblems(bare, PACK_IDS, RULES_DOC)).toEqual([
      `rule made-up: pack undefined is not one of PACKS (${PACK_IDS.join(', ')})`,
      'rule made-up: no remediation',
      'rule made-up: no violating example',
      'rule made-up: no compliant example',
      'rule made-up: no "### made-up" section in docs/rules.md (run npm run docs)',
    ]);
    expect(ruleMetaProblems({ ...rule, pack: 'security' }, PACK_IDS, RULES_DOC)).toEqual([
      `rule no-host-pid: pack "security" is not one of PACKS (${PACK_IDS.join(', ')})`,
    ]);
    expect(ruleMetaProblems({ ...rule, examples: { violating: [rule.examples!.violating[0]], compliant: [] } }, PACK_IDS, RULES_DOC))
      .toEqual(['rule no-host-pid: no compliant example']);
    expect(ruleMetaProblems(rule, PACK_IDS, RULES_DOC.replace('\n### no-host-pid\n', '\n'))).toEqual([
      'rule no-host-pid: no "### no-host-pid" section in docs/rules.md (run npm run docs)',
    ]);
  });

  test('a rule that does not say what the admission gate does with it', () => {
    expect(admissionProblems({ id: 'made-up' })).toEqual([
      'rule made-up: no admission (a CEL expression over its kinds, or { gate: \'synth-and-ci\' | \'api-server\', reason })',
    ]);
    expect(admissionProblems({ id: 'made-up', admission: { kinds: [], expression: 'true' } })).toEqual(['rule made-up: its admission expression matches no kind']);
    expect(admissionProblems({ id: 'made-up', admission: { gate: 'later', reason: 'x' } })).toEqual([
      'rule made-up: admission gate "later" is not synth-and-ci or api-server',
      'rule made-up: no reason why the admission gate does not hold it',
    ]);
    expect(admissionProblems(rule)).toEqual([]);
  });

  test('a construct without its files', () => {
    expect(kebab('QuotaNamespace')).toBe('quota-namespace');
    const only = (files: Record<string, string>) => (f: string) => files[f];
    expect(constructProblems('CanaryRollout', only({}))).toEqual([
      'CanaryRollout: no constructs/canary-rollout.ts (export class CanaryRollout)',
      'CanaryRollout: no test/constructs/canary-rollout.test.ts (describe(\'CanaryRollout…\') of its tests)',
      'CanaryRollout: no test/types/canary-rollout.ts (compile-time test that constructs a CanaryRollout)',
      'CanaryRollout: no test/types/canary-rollout.ts (compile-time refusal (@ts-expect-error))',
      'CanaryRollout: no test/proof/properties.test.ts (property tests (describe(`CanaryRollout (…`)))',
      'CanaryRollout: no README.md ("## " section naming CanaryRollout)',
    ]);
    expect(constructProblems('CanaryRollout', only({
      'constructs/canary-rollout.ts': 'export class CanaryRollout extends Workload {}',
      'test/constructs/canary-rollout.test.ts': "describe('CanaryRollout', () => {});",
      'test/types/canary-rollout.ts': 'new CanaryRollout(chart, "x", {});',
      'test/proof/properties.test.ts': 'describe(`BoundedJob (${RUNS} runs`, () => {});',
      'README.md': '## Install\n\nCanaryRollout is mentioned but has no section.\n',
    }))).toEqual([
      'CanaryRollout: test/types/canary-rollout.ts has no compile-time refusal (@ts-expect-error)',
      'CanaryRollout: test/proof/properties.test.ts has no property tests (describe(`CanaryRollout (…`))',
      'CanaryRollout: README.md has no "## " section naming CanaryRollout',
    ]);
  });

  test('an import up the layers, a construct importing a rule, and a cycle', () => {
    const up: ImportEdge = { from: 'src/engine/rule.ts', to: 'src/catalogue/index.ts' };
    const rulesFromConstruct: ImportEdge = { from: 'constructs/workload.ts', to: 'src/rules/no-host-pid.ts' };
    const down: ImportEdge = { from: 'src/cli/check.ts', to: 'src/k8s/manifest.ts' };
    expect(layerProblems([up, rulesFromConstruct, down], LAYERS)).toEqual([
      `src/engine/rule.ts (engine) imports src/catalogue/index.ts (catalogue): catalogue comes after engine in the layers (${LAYERS.join(' < ')})`,
      'constructs/workload.ts imports the rule file src/rules/no-host-pid.ts: constructs reach rules through the catalogue',
    ]);
    expect(importCycles([{ from: 'a.ts', to: 'b.ts' }, { from: 'b.ts', to: 'c.ts' }, { from: 'c.ts', to: 'a.ts' }, { from: 'c.ts', to: 'd.ts' }]))
      .toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    expect(importCycles([{ from: 'a.ts', to: 'b.ts' }, { from: 'a.ts', to: 'c.ts' }, { from: 'b.ts', to: 'c.ts' }])).toEqual([]);
  });

  test('the import reader reads the forms TypeScript files use', () => {
    const text = [
      "import { a,\n  b } from './x';",
      "import type { T } from '../y';",
      "export * from './z';",
      "import 'side-effect';",
      "import './polyfill';",
      "const lazy = () => require('./lazy') as typeof import('./lazy');",
      "import { spawn } from 'child_process';",
    ].join('\n');
    const seen: string[] = [];
    const edges = importsOf('src/cli/f.ts', text, (_from, spec) => (seen.push(spec), spec));
    expect(seen).toEqual(['./x', '../y', './z', './polyfill', './lazy']);
    expect(edges.map((e) => e.to)).toEqual(seen);
  });
});
