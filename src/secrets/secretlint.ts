/**
 * secretlint's recommended rules (AWS, GCP, GitHub, GitLab, Slack, npm, OpenAI, Anthropic,
 * private keys, basic auth in URLs, database connection strings, Vault, …), run synchronously on
 * one value. secretlint's own engine is asynchronous and our audit is not, but its rules are plain
 * functions that report while they run, so they get a small context of our own here: `report`
 * collects the rule and message ids (never the message, which quotes the secret).
 */

interface SecretlintMessage { readonly message: string; readonly messageId: string }
interface Report { readonly message: SecretlintMessage; readonly range?: readonly [number, number] }
interface SecretlintSource { readonly content: string; readonly ext: string; readonly contentType: 'text'; readonly filePath?: string }
interface SecretlintRule {
  readonly meta: { readonly id: string };
  create(context: unknown, options: object): { file?: (source: SecretlintSource) => void };
}

/** One thing secretlint recognized: which rule, and what kind of secret (its message id). */
export interface SecretlintHit {
  readonly rule: string;
  readonly kind: string;
  /** Where in the content, when the rule says. */
  readonly range?: readonly [number, number];
}

/** The preset's rules that judge content; filter-comments only reads `secretlint-disable` comments. */
const SKIPPED = new Set(['@secretlint/secretlint-rule-filter-comments']);

let handlers: Array<{ id: string; file: (source: SecretlintSource) => void }> | undefined;
/** Where the running rule's reports go. */
let sink: SecretlintHit[] = [];

function translator(messages: Record<string, unknown>) {
  return (messageId: string, props?: unknown): SecretlintMessage => {
    const m = messages[messageId] as ((p?: unknown) => string) | Record<string, (p?: unknown) => string> | undefined;
    if (m === undefined) throw new Error(`secretlint message ${messageId} is missing`);
    const f = typeof m === 'function' ? m : m.en;
    return { message: f(props), messageId };
  };
}

function load(): NonNullable<typeof handlers> {
  if (handlers) return handlers;
  // An ES module, loaded with require() (Node.js 20.19 and later load ES modules so).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use only
  const preset = require('@secretlint/secretlint-rule-preset-recommend') as { rules: SecretlintRule[] };
  handlers = [];
  for (const rule of preset.rules) {
    if (SKIPPED.has(rule.meta.id)) continue;
    const id = rule.meta.id;
    const context = {
      sharedOptions: {},
      locale: 'en',
      createTranslator: translator,
      report: (d: Report) => { sink.push({ rule: id.replace('@secretlint/secretlint-rule-', ''), kind: d.message.messageId, ...(d.range ? { range: d.range } : {}) }); },
      ignore: () => undefined,
    };
    const handler = rule.create(context, {});
    if (handler.file) handlers.push({ id, file: handler.file });
  }
  return handlers;
}

/**
 * What secretlint finds in each of many values (the data of a ConfigMap), in one pass of each
 * rule over all of them: a ConfigMap of 60,000 keys costs one run, not 60,000.
 */
export function secretlintHitsEach(values: readonly string[]): SecretlintHit[][] {
  const SEPARATOR = '\n\n';
  const starts: number[] = [];
  let offset = 0;
  for (const v of values) {
    starts.push(offset);
    offset += v.length + SEPARATOR.length;
  }
  const out = values.map((): SecretlintHit[] => []);
  for (const hit of secretlintHits(values.join(SEPARATOR))) {
    // A hit without a range cannot be placed: each value is looked at alone.
    if (!hit.range) return values.map(secretlintHits);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= hit.range[0]) lo = mid;
      else hi = mid - 1;
    }
    // A match that runs from one value into the next is no secret of either.
    if (hit.range[1] <= starts[lo] + values[lo].length) out[lo].push(hit);
  }
  return out;
}

/** What secretlint's recommended rules find in a value (an env value, a ConfigMap entry, a file). */
export function secretlintHits(content: string): SecretlintHit[] {
  const found: SecretlintHit[] = [];
  const source: SecretlintSource = { content, ext: '.txt', contentType: 'text' };
  for (const h of load()) {
    sink = found;
    try {
      h.file(source);
    } finally {
      sink = [];
    }
  }
  return found;
}
