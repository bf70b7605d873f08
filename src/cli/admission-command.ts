import * as path from 'path';
import {
  ADMISSION_FORMATS, ADMISSION_MODES, AdmissionOptions, AdmissionPlan, DEFAULT_EXCLUDED_NAMESPACES, VAP_VERSIONS, admissionPolicies,
} from '../admission';
import { CATALOGUE, PACKS, findRule, isPackId, withHardCore } from '../catalogue';
import { Rule } from '../engine/rule';
import { packageVersion } from '../package-info';
import { writeFileAtomically } from '../synth/atomic-dir';
import { stringifyDocuments } from '../synth/yaml-writer';
import { Io, UsageError, oneOf, parse } from './args';

const GATE_TITLES = {
  'synth-and-ci': 'synth and CI only',
  'api-server': 'held by the API server itself',
  'needs-settings': 'not enforced with these settings',
} as const;

function listOf(given: string[] | undefined): string[] | undefined {
  return given?.flatMap((g) => g.split(',')).map((x) => x.trim()).filter((x) => x !== '');
}

/** The rules asked for (`--pack`, `--rule`), always with the hard core; the whole catalogue when neither is given. */
function selectedRules(packs: string[] | undefined, ids: string[] | undefined): readonly Rule[] {
  if (packs === undefined && ids === undefined) return CATALOGUE;
  for (const p of packs ?? []) {
    if (!isPackId(p)) throw new UsageError(`--pack: unknown pack ${JSON.stringify(p)}; the packs are ${PACKS.map((k) => k.id).join(', ')}`);
  }
  const chosen = (ids ?? []).map((id) => {
    const rule = findRule(id);
    if (!rule) throw new UsageError(`--rule: no rule ${JSON.stringify(id)} in the catalogue (see \`cdk8s-prod rules\`)`);
    return rule;
  });
  const fromPacks = CATALOGUE.filter((r) => (packs ?? []).includes(r.pack));
  const picked = new Set([...fromPacks, ...chosen]);
  return withHardCore(CATALOGUE.filter((r) => picked.has(r)));
}

/** The YAML comment that opens the output: what is enforced here, and what is not, and where it is. */
export function admissionHeader(plan: AdmissionPlan, options: AdmissionOptions): string {
  const lines = [
    `cdk8s-prod ${packageVersion()} admission policies (${options.format === 'vap' ? `ValidatingAdmissionPolicy ${options.vapVersion ?? 'v1beta1'}` : 'Kyverno ClusterPolicy'}, mode ${options.mode ?? 'deny'}).`,
    `Enforced at admission (${plan.admitted.length}): ${plan.admitted.map((a) => a.rule.id).join(', ') || 'none'}.`,
  ];
  for (const gate of Object.keys(GATE_TITLES) as Array<keyof typeof GATE_TITLES>) {
    const rules = plan.elsewhere.filter((e) => e.gate === gate);
    if (rules.length > 0) lines.push(`${GATE_TITLES[gate][0].toUpperCase()}${GATE_TITLES[gate].slice(1)} (${rules.length}): ${rules.map((e) => e.rule.id).join(', ')}.`);
  }
  lines.push('Run `cdk8s-prod check` in CI for the rest; docs/admission.md says why each rule is where it is.');
  return lines.map((l) => wrap(l)).flat().map((l) => `# ${l}`).join('\n') + '\n';
}

function wrap(text: string, width = 110): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + word.length + 1 > width) {
      out.push(line);
      line = `  ${word}`;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') out.push(line);
  return out;
}

export function runAdmission(args: string[], io: Io): number {
  const { values, positionals } = parse(args, {
    'format': { type: 'string' }, 'mode': { type: 'string' }, 'api': { type: 'string' },
    'pack': { type: 'string', multiple: true }, 'rule': { type: 'string', multiple: true },
    'exclude-namespace': { type: 'string', multiple: true }, 'all-namespaces': { type: 'boolean' },
    'allowed-registry': { type: 'string', multiple: true }, 'require-digest': { type: 'boolean' },
    'out': { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`admission takes no arguments; got "${positionals[0]}"`);
  if (values.format === undefined) throw new UsageError(`admission needs --format: one of ${ADMISSION_FORMATS.join(', ')}`);
  const format = oneOf(values.format as string, ADMISSION_FORMATS, 'vap', '--format');
  const mode = oneOf(values.mode as string | undefined, ADMISSION_MODES, 'deny', '--mode');
  const vapVersion = oneOf(values.api as string | undefined, VAP_VERSIONS, 'v1beta1', '--api');
  if (values.api !== undefined && format !== 'vap') throw new UsageError('--api chooses the ValidatingAdmissionPolicy version: it goes with --format vap');
  const excluded = listOf(values['exclude-namespace'] as string[] | undefined);
  if (values['all-namespaces'] && excluded) throw new UsageError('--all-namespaces and --exclude-namespace contradict each other');
  const registries = values['allowed-registry'] as string[] | undefined;
  const options: AdmissionOptions = {
    format, mode, vapVersion,
    rules: selectedRules(listOf(values.pack as string[] | undefined), listOf(values.rule as string[] | undefined)),
    excludeNamespaces: values['all-namespaces'] ? [] : excluded ?? DEFAULT_EXCLUDED_NAMESPACES,
    settings: { ...(registries ? { allowedRegistries: registries } : {}), ...(values['require-digest'] ? { requireImageDigests: true } : {}) },
  };
  const { plan, objects } = admissionPolicies(options);
  const text = admissionHeader(plan, options) + stringifyDocuments(objects);
  const out = values.out as string | undefined;
  if (out === undefined) {
    io.out(text);
    return 0;
  }
  const target = path.resolve(io.cwd, out);
  try {
    writeFileAtomically(target, text);
  } catch (e) {
    throw new UsageError(`--out: cannot write ${out}: ${(e as Error).message}`);
  }
  io.err(`wrote ${plan.admitted.length} ${format === 'vap' ? 'ValidatingAdmissionPolicies with their bindings' : 'Kyverno ClusterPolicies'} to ${out}\n`);
  return 0;
}
