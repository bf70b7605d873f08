import { ALL_RULES, PACKS } from '../../src/catalogue';
import { runExample } from '../../src/cli/examples';

/**
 * The examples of every rule (data beside the rule, shown in docs/rules.md), checked as
 * `cdk8s-prod check` reads the same text from disk: each violating one gets a finding of its
 * rule, each compliant one none, and neither has an input error or a skipped document.
 */
describe.each(PACKS.map((p) => p.id))('pack %s', (pack) => {
  const rules = ALL_RULES.filter((r) => r.pack === pack);

  test.each(rules.map((r) => r.id))('%s has a violating and a compliant example', (id) => {
    const rule = rules.find((r) => r.id === id)!;
    expect(rule.examples?.violating.length ?? 0).toBeGreaterThan(0);
    expect(rule.examples?.compliant.length ?? 0).toBeGreaterThan(0);
  });

  const cases = rules.flatMap((r) => [
    ...(r.examples?.violating ?? []).map((text, i) => ({ rule: r, text, name: `${r.id}: violating example ${i + 1} is flagged`, flagged: true })),
    ...(r.examples?.compliant ?? []).map((text, i) => ({ rule: r, text, name: `${r.id}: compliant example ${i + 1} passes`, flagged: false })),
  ]);
  if (cases.length === 0) return;
  test.each(cases)('$name', ({ rule, text, flagged }) => {
    const result = runExample(rule, text);
    expect({ problems: result.problems, skipped: result.skipped }).toEqual({ problems: [], skipped: [] });
    if (flagged) {
      expect(result.findings.length).toBeGreaterThan(0);
      for (const f of result.findings) expect(f.message).not.toMatch(/^could not be checked/);
    } else {
      expect(result.findings.map((f) => `${f.path}: ${f.message}`)).toEqual([]);
    }
  });
});
