/**
 * The YAML that ProductionApp writes: a JSON value as block YAML that every reader on the way to
 * the cluster reads back as exactly that value. kubectl, Argo CD and Flux read YAML with go-yaml
 * (YAML 1.1: `yes`/`on`/`y` are booleans, `0777` is octal, `2001-12-14` a timestamp, `<<` merges
 * maps), kustomize with yaml.v3 (YAML 1.2), `cdk8s-prod check` with the `yaml` package in 1.1 mode.
 * So a string is written plain only when no YAML 1.1 or 1.2 schema could read it as anything
 * else; otherwise it is double-quoted, with every character that a reader could fold, normalize
 * or reject escaped. No anchors, aliases, tags or merge keys are ever written.
 *
 * The proof is test/proof/parity.test.ts: arbitrary JSON, written here, read back by go-yaml
 * (the kubectl reader, built from Debian's Go packages), by yaml.v3 and by `check`'s reader,
 * gives the value that was written.
 */

/** Thrown for a value that has no faithful YAML (and JSON) form. */
export class UnwritableValueError extends Error {}

const INDENT = '  ';

/** Words that some YAML schema reads as a boolean or null (1.1: y/n/yes/no/on/off; 1.2: true/false/null; ~). */
const RESERVED_WORDS = /^(?:y|n|yes|no|true|false|on|off|null|~|=)$/i;
/** Anything a YAML 1.1 or 1.2 schema may read as a number, a timestamp or a special float. */
const NUMBER_LIKE = [
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?$/, // 12, 1_000, 1.5, .5, 1e3, 1.
  /^[-+]?0[xXoObB][0-9a-fA-F_]*$/, // 0x1F, 0o17, 0b101
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/, // 1:20 (YAML 1.1 base 60)
  /^[-+]?\.(?:inf|nan)$/i,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/, // 2001-12-14 and timestamps that start so
];
/** Characters that may appear in a plain scalar (the indicators among them only after its start): printable ASCII. */
const PLAIN_CHARS = /^[A-Za-z0-9 _./:@=+,()%$^~\\;'"!&*?[\]{}<>|`#-]+$/;
/**
 * How a plain scalar may start: not with an indicator (? : , [ ] { } # & * ! | > ' " % @ `), and
 * with "-" only before a letter, "_" or another "-" (`--port=8080`), never before a space or a digit.
 */
const PLAIN_START = /^(?:[A-Za-z0-9_./$^\\]|-[A-Za-z_-])/;

/** True when `s` can be written without quotes and every YAML reader reads it back as this string. */
export function isSafePlain(s: string): boolean {
  if (s === '' || !PLAIN_CHARS.test(s) || !PLAIN_START.test(s)) return false;
  if (s !== s.trim() || s.includes(': ') || s.includes(' #') || s.endsWith(':') || s.includes('  ')) return false;
  if (RESERVED_WORDS.test(s) || NUMBER_LIKE.some((re) => re.test(s))) return false;
  // go-yaml drops every underscore of a scalar before it tries it as a number: `-_1` is -1 to kubectl.
  if (s.includes('_') && NUMBER_LIKE.some((re) => re.test(s.replace(/_/g, '')))) return false;
  // Document markers, wherever a line might start with them.
  return !s.startsWith('...') && !s.startsWith('---');
}

/** Characters that must be escaped inside a double-quoted scalar. */
// C0 controls, DEL, C1 controls (NEL among them), the YAML 1.1 line and paragraph separators, a BOM,
// the noncharacters U+FFFE and U+FFFF (outside YAML's printable set: go-yaml refuses them raw);
// lone surrogates are handled apart; quotes and backslashes of course.

const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;
const NAMED_ESCAPES: Record<string, string> = {
  '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\b': '\\b', '\f': '\\f', '\0': '\\0',
};

function escapeChar(c: string): string {
  return NAMED_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** A lone surrogate cannot be encoded as UTF-8: no reader would get this string back. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function doubleQuoted(s: string): string {
  return `"${s.replace(NEEDS_ESCAPE, escapeChar)}"`;
}

/**
 * Whether a multi-line string can be a literal block scalar (`|`) that reads back exactly: only
 * printable characters besides newlines (no tabs, carriage returns or Unicode line breaks, which
 * readers normalize), no line of spaces alone, and a first line that does not start with a space
 * (the reader would take it for the indentation).
 */
function fitsLiteralBlock(s: string): boolean {
  if (!s.includes('\n') || /^\n*$/.test(s)) return false;

  if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/.test(s)) return false;
  const lines = s.replace(/\n+$/, '').split('\n');
  if (lines.some((l) => l !== '' && l.trim() === '')) return false;
  if (lines.some((l) => l !== l.trimEnd())) return false;
  const first = lines.find((l) => l !== '');
  return first !== undefined && !first.startsWith(' ') && lines[0] !== '';
}

function literalBlock(s: string, indent: string): string {
  const trailing = /\n*$/.exec(s)![0].length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  // The last line break ends the last line; with `|+` the ones before it are kept as empty lines.
  const lines = s.split('\n');
  if (trailing > 0) lines.pop();
  return `|${chomp}\n${lines.map((l) => (l === '' ? '' : indent + l)).join('\n')}`;
}

/**
 * A value with no faithful form, found while writing: the path to it is gathered as the error
 * unwinds, so that writing pays nothing for it when there is none.
 */
class Unwritable extends Error {
  public readonly path: (string | number)[] = [];
}

function withSegment(e: unknown, segment: string | number): unknown {
  if (e instanceof Unwritable) e.path.unshift(segment);
  return e;
}

function describePath(path: readonly (string | number)[]): string {
  return path.length === 0 ? 'the object' : path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
}

/**
 * Strings already known to be safe plain scalars (keys and values repeat a lot across objects:
 * `apiVersion`, `app.kubernetes.io/name`, image names). Only "plain" answers are kept: those
 * strings are ASCII, so no other check applies to them. Bounded, so that a long-lived process
 * writing many distinct strings does not grow without end.
 */
const PLAIN = new Set<string>();
const PLAIN_MAX = 50_000;

function isPlainCached(s: string): boolean {
  if (PLAIN.has(s)) return true;
  if (LONE_SURROGATE.test(s)) throw new Unwritable('the string has a lone UTF-16 surrogate, which has no UTF-8 form');
  if (!isSafePlain(s)) return false;
  if (PLAIN.size >= PLAIN_MAX) PLAIN.clear();
  PLAIN.add(s);
  return true;
}

function scalarString(s: string, indent: string): string {
  if (isPlainCached(s)) return s;
  if (fitsLiteralBlock(s)) return literalBlock(s, indent);
  return doubleQuoted(s);
}

function key(k: string): string {
  return isPlainCached(k) ? k : doubleQuoted(k);
}

function number(n: number): string {
  if (!Number.isFinite(n)) throw new Unwritable(`${n} is not a JSON number`);
  return Object.is(n, -0) ? '0' : String(n);
}

function plainObject(v: object): Record<string, unknown> {
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw new Unwritable(`a ${(v as object).constructor?.name ?? 'object'} is not plain JSON`);
  return v as Record<string, unknown>;
}

/** A scalar, or a map or sequence with nothing in it, as the text that follows `key: ` or `- `. */
function scalar(value: unknown, indent: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string': return scalarString(value, indent);
    case 'number': return number(value);
    case 'boolean': return value ? 'true' : 'false';
    default: throw new Unwritable(`a ${typeof value} is not a JSON value`);
  }
}

/**
 * The entries of a map, one per line at `indent`; the first line starts with `lead` instead of
 * the indentation (after `- `, it is empty). Empty when no entry has a value to write.
 */
function mapBlock(map: Record<string, unknown>, indent: string, lead: string): string {
  let out = '';
  for (const k of Object.keys(map)) {
    const v = map[k];
    if (v === undefined) continue;
    try {
      out += `${out === '' ? lead : `\n${indent}`}${key(k)}:${after(v, indent)}`;
    } catch (e) {
      throw withSegment(e, k);
    }
  }
  return out;
}

/** The items of a sequence, as `mapBlock` writes entries. */
function sequenceBlock(items: readonly unknown[], indent: string, lead: string): string {
  let out = '';
  const inner = indent + INDENT;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    try {
      if (item === undefined) throw new Unwritable('undefined is not a JSON value');
      // The first line of a nested block goes on the "- " line: "- name: app", "- - a".
      out += `${i === 0 ? lead : `\n${indent}`}- ${inline(item, inner, '', '')}`;
    } catch (e) {
      throw withSegment(e, i);
    }
  }
  return out;
}

/**
 * A value where it starts: a scalar (or an empty map or sequence) after `space`, or a block whose
 * first line starts with `lead` and whose other lines are at `indent`.
 */
function inline(value: unknown, indent: string, lead: string, space: string): string {
  if (typeof value !== 'object' || value === null) return `${space}${scalar(value, indent)}`;
  if (Array.isArray(value)) return value.length === 0 ? `${space}[]` : sequenceBlock(value, indent, lead);
  const text = mapBlock(plainObject(value), indent, lead);
  return text === '' ? `${space}{}` : text;
}

/**
 * What follows `key:` for a value: ` scalar` on the same line, or a block on the next lines.
 * Sequences are indented one step under their key, as cdk8s and kubectl write them.
 */
function after(v: unknown, indent: string): string {
  const inner = indent + INDENT;
  return inline(v, inner, `\n${inner}`, ' ');
}

/** One YAML document (a mapping, for a Kubernetes object), ending with a newline. */
export function stringifyDocument(value: unknown): string {
  try {
    return `${inline(value, '', '', '')}\n`;
  } catch (e) {
    if (e instanceof Unwritable) throw new UnwritableValueError(`${describePath(e.path)}: ${e.message}`);
    throw e;
  }
}

/** Several documents, joined by `---` lines as cdk8s joins them. */
export function stringifyDocuments(values: readonly unknown[]): string {
  return values.map(stringifyDocument).join('---\n');
}
