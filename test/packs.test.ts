import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import {
  ALL_RULES, CATALOGUE, HARD_CORE, PACKS, PolicyError, ProductionApp, Rule, errorsOf, objectRule, rulesInPacks,
} from '../src';
import { DOCKERFILE_RULES } from '../src/dockerfile';
import { allRulesInPacks, dockerfileRulesInPacks, withHardCore } from '../src/catalogue';
import { run } from './cli-helpers';

/**
 * Rule packs: each rule belongs to one; a user takes some packs (`rulesInPacks`, `--pack`) and the
 * hard core still runs, because it has no exceptions. Unknown packs and look-alike rules are refused.
 */

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-packs-'));

/** A Deployment that is privileged (hard core) and uses `latest` (images) and has no probes (probes). */
const PRIVILEGED_LATEST = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image: 'nginx:latest', securityContext: { privileged: true } }] },
    },
  },
};
const PRIVILEGED_LATEST_YAML = JSON.stringify(PRIVILEGED_LATEST);

function refusedRules(rules: readonly Rule[] | undefined): string[] {
  const app = new ProductionApp({ outdir: path.join(tmp(), 'dist'), rules, onWarning: () => undefined });
  new ApiObject(new Chart(app, 'shop'), 'web', PRIVILEGED_LATEST);
  try {
    app.synth();
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    return [...new Set(errorsOf(e.report).map((f) => f.rule))].sort();
  }
  return [];
}

describe('the packs', () => {
  test('every rule is in a pack of the table, and every pack holds rules', () => {
    const ids = PACKS.map((p) => p.id);
    expect(ALL_RULES.filter((r) => !ids.includes(r.pack))).toEqual([]);
    for (const p of PACKS) expect(ALL_RULES.filter((r) => r.pack === p.id).length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('the Dockerfile rules are the dockerfile pack, and nothing else is', () => {
    expect(ALL_RULES.filter((r) => r.pack === 'dockerfile').map((r) => r.id)).toEqual(DOCKERFILE_RULES.map((r) => r.id));
  });

  test('rulesInPacks gives the rules of those packs and the hard core, nothing more', () => {
    const chosen = rulesInPacks('images', 'probes');
    expect(chosen.filter((r) => r.suppressible).map((r) => r.pack).sort())
      .toEqual(CATALOGUE.filter((r) => r.suppressible && (r.pack === 'images' || r.pack === 'probes')).map((r) => r.pack).sort());
    expect(chosen.filter((r) => !r.suppressible)).toEqual([...HARD_CORE]);
    expect(rulesInPacks()).toEqual([...HARD_CORE]);
    expect(chosen.every((r) => CATALOGUE.includes(r))).toBe(true);
  });

  test('the other selections: Dockerfile rules and every rule of a pack', () => {
    expect(dockerfileRulesInPacks().map((r) => r.id)).toEqual(DOCKERFILE_RULES.filter((r) => !r.suppressible).map((r) => r.id));
    expect(dockerfileRulesInPacks('dockerfile')).toEqual([...DOCKERFILE_RULES]);
    expect(allRulesInPacks(['runtime']).map((r) => r.id)).toEqual(['no-log-volume', 'pid1-init', 'read-only-root-filesystem']);
  });

  test('an unknown pack is refused by name, with the packs there are', () => {
    const packs = PACKS.map((p) => p.id).join(', ');
    expect(() => rulesInPacks('security' as any)).toThrow(`rulesInPacks: unknown pack "security"; the packs are ${packs}`);
    expect(() => dockerfileRulesInPacks('Dockerfile' as any)).toThrow(`dockerfileRulesInPacks: unknown pack "Dockerfile"; the packs are ${packs}`);
    expect(() => allRulesInPacks(['images', ''] as any)).toThrow(`allRulesInPacks: unknown pack ""; the packs are ${packs}`);
  });
});

describe('ProductionApp always enforces the hard core', () => {
  test('with every rule, some packs, or none', () => {
    expect(refusedRules(undefined)).toEqual(expect.arrayContaining(['image-not-latest', 'liveness-probe', 'no-privileged', 'run-as-non-root']));
    const images = refusedRules(rulesInPacks('images'));
    expect(images).toEqual(expect.arrayContaining(['image-not-latest', 'no-privileged', 'run-as-non-root']));
    expect(images).not.toContain('liveness-probe');
    const none = refusedRules([]);
    expect(none).toEqual(expect.arrayContaining(['no-privileged', 'run-as-non-root', 'no-privilege-escalation']));
    expect(none.filter((id) => !HARD_CORE.some((r) => r.id === id))).toEqual([]);
  });

  test('withHardCore adds the hard core by identity, once', () => {
    expect(withHardCore([])).toEqual([...HARD_CORE]);
    expect(withHardCore(CATALOGUE)).toHaveLength(CATALOGUE.length);
    const own = objectRule({
      id: 'team-label', pack: 'objects', title: 'Objects carry a team label', severity: 'warning', pattern: null,
      description: 'The on-call rota is found by the team label.', scope: 'every object',
      remediation: 'Add the label team.', suppressible: true, check: () => [],
    });
    expect(withHardCore([own])).toEqual([own, ...HARD_CORE]);
  });

  test('a look-alike of a hard-core rule (same id, a check that finds nothing) does not replace it', () => {
    const hollow: Rule = { ...HARD_CORE.find((r) => r.id === 'no-privileged')!, check: () => [] };
    const app = new ProductionApp({ outdir: path.join(tmp(), 'dist'), rules: [hollow] });
    new ApiObject(new Chart(app, 'shop'), 'web', PRIVILEGED_LATEST);
    expect(() => app.synth()).toThrow('two different rules have the id "no-privileged"');
  });

  test('rules that are not rules are refused, naming what was given', () => {
    expect(() => new ProductionApp({ outdir: tmp(), rules: 'all' as any }))
      .toThrow('ProductionApp: rules must be a list of rules (objectRule, podRule, containerRule, or CATALOGUE, rulesInPacks(...)); got string');
    expect(() => new ProductionApp({ outdir: tmp(), rules: ['no-privileged'] as any }))
      .toThrow('ProductionApp: rules must be a list of rules (objectRule, podRule, containerRule, or CATALOGUE, rulesInPacks(...)); got a list with something else in it');
  });
});

describe('cdk8s-prod with --pack', () => {
  function dir(): string {
    const d = tmp();
    fs.writeFileSync(path.join(d, 'web.yaml'), PRIVILEGED_LATEST_YAML);
    return d;
  }
  const rulesOf = (out: string) => [...new Set((JSON.parse(out).findings as Array<{ rule: string }>).map((f) => f.rule))].sort();

  test('check runs the chosen packs and the hard core', () => {
    const all = run(['check', dir(), '--format', 'json']);
    const images = run(['check', dir(), '--format', 'json', '--pack', 'images']);
    expect(images.code).toBe(1);
    expect(rulesOf(all.out)).toEqual(expect.arrayContaining(['image-not-latest', 'liveness-probe', 'no-privileged']));
    expect(rulesOf(images.out)).toEqual(expect.arrayContaining(['image-not-latest', 'no-privileged']));
    expect(rulesOf(images.out)).not.toContain('liveness-probe');
    expect(rulesOf(images.out).filter((id) => !HARD_CORE.some((r) => r.id === id))).toEqual(['image-not-latest']);
    const both = run(['check', dir(), '--format', 'json', '--pack', 'images,probes']);
    expect(rulesOf(both.out)).toEqual(expect.arrayContaining(['image-not-latest', 'liveness-probe']));
    expect(rulesOf(run(['check', dir(), '--format', 'json', '--pack', 'images', '--pack', 'probes']).out)).toEqual(rulesOf(both.out));
  });

  test('rules lists the packs\' rules', () => {
    const r = run(['rules', '--pack', 'runtime', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).map((x: { id: string }) => x.id)).toEqual(['no-log-volume', 'pid1-init', 'read-only-root-filesystem']);
  });

  test.each([['check'], ['rules']])('%s: an unknown pack is a usage error (exit 2) naming the packs there are', (command) => {
    const r = run(command === 'check' ? ['check', dir(), '--pack', 'imagez'] : ['rules', '--pack', 'imagez']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`cdk8s-prod: --pack: unknown pack "imagez"; the packs are ${PACKS.map((p) => p.id).join(', ')}\nusage: cdk8s-prod ${command}`);
  });
});
