import { PACKS } from '../engine/packs';
import { RuleAdmission, RuleMeta, isAdmissionCel } from '../engine/rule';
import { runExample } from './examples';

/** The JSON form of the catalogue, as `cdk8s-prod rules --format json` prints it. */
export function rulesAsJson(rules: readonly RuleMeta[]): object[] {
  return rules.map((r) => ({
    id: r.id,
    pack: r.pack,
    title: r.title,
    severity: r.severity,
    pattern: r.pattern,
    equivalents: r.equivalents,
    remediation: r.remediation,
    suppressible: r.suppressible,
    ...(r.admission ? { admission: isAdmissionCel(r.admission) ? 'admission' : r.admission.gate } : {}),
    ...(r.examples ? { examples: { violating: r.examples.violating, compliant: r.examples.compliant } } : {}),
  }));
}

const PATTERN_NAMES: Record<number, string> = {
  1: 'Mixing build and runtime',
  2: 'Zombies and PID 1',
  3: 'Direct use of pods',
  4: 'Background processes',
  5: 'Logging',
  6: 'Immutable containers',
  7: 'The latest tag',
  8: 'Pod readiness',
  9: 'Unbounded jobs',
  10: 'Pod quotas',
  11: 'Configuration inside the image',
  12: 'Circuit breaker',
  13: 'Rate-limiting sidecar',
};

export function patternName(p: number | null): string {
  return p === null ? 'baseline' : `${p}. ${PATTERN_NAMES[p] ?? ''}`.trim();
}

function equivalentsText(r: RuleMeta): string {
  const parts: string[] = [];
  const e = r.equivalents;
  if (e.kubeLinter.length) parts.push(`kube-linter: ${e.kubeLinter.map((x) => `\`${x}\``).join(', ')}`);
  if (e.polaris.length) parts.push(`Polaris: ${e.polaris.map((x) => `\`${x}\``).join(', ')}`);
  if (e.kyverno.length) parts.push(`Kyverno: ${e.kyverno.map((x) => `\`${x}\``).join(', ')}`);
  if (e.pss.length) parts.push(`Pod Security Standards: ${e.pss.map((x) => `\`${x}\``).join(', ')}`);
  return parts.length ? parts.join('; ') : 'none';
}

function fence(text: string, lang: string): string {
  // A fence longer than any run of backticks in the text, so the example cannot close it.
  const ticks = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return `${ticks}${lang}\n${text.replace(/\n+$/, '')}\n${ticks}`;
}

function examplesMarkdown(r: RuleMeta): string[] {
  if (!r.examples) return [];
  const lang = r.pack === 'dockerfile' ? 'dockerfile' : 'yaml';
  const out: string[] = [];
  r.examples.violating.forEach((text, i) => {
    const found = runExample(r, text).findings;
    out.push(`Flagged${r.examples!.violating.length > 1 ? ` (${i + 1})` : ''}:`, '', fence(text, lang), '',
      ...found.map((f) => `- \`${f.path || '<object>'}\`${f.line ? ` (line ${f.line})` : ''}: ${f.message}`), '');
  });
  r.examples.compliant.forEach((text, i) => {
    out.push(`Passes${r.examples!.compliant.length > 1 ? ` (${i + 1})` : ''}:`, '', fence(text, lang), '');
  });
  return out;
}

function ruleRow(r: RuleMeta): string {
  return `| [\`${r.id}\`](#${r.id}) | ${r.severity} | ${patternName(r.pattern)} | ${r.suppressible ? 'yes' : '**no**'} | ${r.title} |`;
}

/** docs/rules.md, generated from the catalogue so that it cannot drift. */
export function rulesAsMarkdown(rules: readonly RuleMeta[]): string {
  const packs = PACKS.filter((p) => rules.some((r) => r.pack === p.id));
  const out: string[] = [
    '# Rule catalogue',
    '',
    '<!-- Generated from src/rules by `npm run docs`; do not edit. A test fails when this file is stale. -->',
    '',
    `${rules.length} rules in ${packs.length} packs. \`error\` findings fail \`ProductionApp\` synth and make \`cdk8s-prod check\` exit 1; `
      + '`warning` findings are reported. A suppressible rule can be suppressed for one object with a written reason '
      + '(`Suppressions.add(scope, ruleId, reason)`, recorded as the annotation `cdk8s-prod.io/suppress.<rule>`); '
      + 'the hard core cannot. The `dockerfile-*` rules check Dockerfiles through `cdk8s-prod check`, with line numbers; '
      + 'a suppressible one is suppressed for a whole Dockerfile by a comment in that file, `# cdk8s-prod:suppress <rule-id> <reason>`.',
    '',
    'Each rule belongs to one pack. `cdk8s-prod check --pack <pack>` and `cdk8s-prod rules --pack <pack>` take some of them, '
      + 'as does `new ProductionApp({ rules: rulesInPacks(\'pod-security\', \'images\') })`; the hard core (suppressible: **no**) '
      + 'runs whichever packs are chosen. Each rule shows a manifest it flags, with what `cdk8s-prod check` says, and one it passes.',
    '',
    '| pack | rules | what they judge |',
    '| --- | --- | --- |',
    ...packs.map((p) => `| [\`${p.id}\`](#pack-${p.id}) | ${rules.filter((r) => r.pack === p.id).length} | ${p.description} |`),
    '',
  ];
  for (const p of packs) {
    const mine = rules.filter((r) => r.pack === p.id);
    out.push(`## Pack \`${p.id}\``, '', `${p.description}.`, '',
      '| rule | severity | pattern | suppressible | title |', '| --- | --- | --- | --- | --- |', ...mine.map(ruleRow), '');
    for (const r of mine) {
      out.push(
        `### ${r.id}`,
        '',
        `**${r.title}** · ${r.severity} · pattern: ${patternName(r.pattern)} · pack: \`${r.pack}\` · suppressible: ${r.suppressible ? 'yes' : 'no (hard core)'}`,
        '',
        r.description,
        '',
        `- Scope: ${r.scope}`,
        `- Remediation: ${r.remediation}`,
        `- Equivalents: ${equivalentsText(r)}`,
        ...(r.admission ? [`- Admission: ${admissionText(r.admission)}`] : []),
        '',
        ...examplesMarkdown(r),
      );
    }
  }
  return out.join('\n');
}

/** Where the admission gate holds a rule, for its docs section (docs/admission.md has the whole table). */
function admissionText(a: RuleAdmission): string {
  if (!isAdmissionCel(a)) {
    return `${a.gate === 'api-server' ? 'held by the API server itself' : 'synth and CI only'}: ${a.reason} ([gates](admission.md))`;
  }
  const settings = typeof a.expression === 'function' ? ' when the settings give it something to enforce' : '';
  return `a policy over ${a.kinds.join(', ')}${settings} (\`cdk8s-prod admission\`, [gates](admission.md))${a.note ? `; ${a.note}` : ''}`;
}

/** A plain-text table for terminals. */
export function rulesAsText(rules: readonly RuleMeta[]): string {
  const w = Math.max(...rules.map((r) => r.id.length));
  const pw = Math.max(...rules.map((r) => r.pack.length));
  return rules.map((r) => `${r.id.padEnd(w)}  ${r.pack.padEnd(pw)}  ${r.severity.padEnd(7)}  ${(r.pattern === null ? '-' : String(r.pattern)).padStart(2)}  ${r.suppressible ? '   ' : 'HC '} ${r.title}`).join('\n') + '\n';
}

/** src/catalogue/ids.ts: the rule ids as a type, so a suppression of a rule that does not exist fails to compile. */
export function ruleIdsModule(rules: readonly RuleMeta[]): string {
  return [
    '// Generated from the catalogue by `npm run docs`; do not edit. A test fails when this file is stale.',
    '',
    '/** The id of a rule of the catalogue. */',
    'export type RuleId =',
    ...rules.map((r, i) => `  | '${r.id}'${i === rules.length - 1 ? ';' : ''}`),
    '',
  ].join('\n');
}
