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

function checkString(s: string, where: string): void {
  if (LONE_SURROGATE.test(s)) throw new UnwritableValueError(`${where}: the string has a lone UTF-16 surrogate, which has no UTF-8 form`);
}

function scalarString(s: string, indent: string, where: string): string {
  checkString(s, where);
  if (isSafePlain(s)) return s;
  if (fitsLiteralBlock(s)) return literalBlock(s, indent);
  return doubleQuoted(s);
}

function key(k: string, where: string): string {
  checkString(k, where);
  return isSafePlain(k) ? k : doubleQuoted(k);
}

function number(n: number, where: string): string {
  if (!Number.isFinite(n)) throw new UnwritableValueError(`${where}: ${n} is not a JSON number`);
  return Object.is(n, -0) ? '0' : String(n);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function describePath(path: readonly (string | number)[]): string {
  return path.length === 0 ? 'the object' : path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
}

/**
 * `value` as the text after `key:` or `- `: a scalar on the same line, or a nested block starting on
 * the next line (maps and sequences that are not empty).
 */
function emit(value: unknown, indent: string, path: (string | number)[], out: string[]): string {
  const where = describePath(path);
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string': return scalarString(value, indent, where);
    case 'number': return number(value, where);
    case 'boolean': return value ? 'true' : 'false';
    case 'object': break;
    default: throw new UnwritableValueError(`${where}: a ${typeof value} is not a JSON value`);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const lines: string[] = [];
    value.forEach((item, i) => {
      if (item === undefined) throw new UnwritableValueError(`${describePath([...path, i])}: undefined is not a JSON value`);
      lines.push(sequenceItem(item, indent, [...path, i]));
    });
    out.push(...lines);
    return '';
  }
  if (!isPlainObject(value)) throw new UnwritableValueError(`${where}: a ${(value as object).constructor?.name ?? 'object'} is not plain JSON`);
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  for (const [k, v] of entries) out.push(mapEntry(k, v, indent, [...path, k]));
  return '';
}

function isNested(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (Array.isArray(v) ? v.length > 0 : Object.values(v).some((x) => x !== undefined));
}

function mapEntry(k: string, v: unknown, indent: string, path: (string | number)[]): string {
  const head = `${indent}${key(k, describePath(path))}:`;
  if (!isNested(v)) return `${head} ${emit(v, indent + INDENT, path, [])}`;
  const nested: string[] = [];
  // Sequences are indented one step under their key, as cdk8s and kubectl write them.
  emit(v, indent + INDENT, path, nested);
  return `${head}\n${nested.join('\n')}`;
}

function sequenceItem(item: unknown, indent: string, path: (string | number)[]): string {
  const prefix = `${indent}- `;
  if (!isNested(item)) return `${prefix}${emit(item, indent + INDENT, path, [])}`;
  const nested: string[] = [];
  emit(item, indent + INDENT, path, nested);
  // The first line of the nested block goes on the "- " line: "- name: app", "- - a".
  const [first, ...rest] = nested;
  return [`${prefix}${first.slice(indent.length + INDENT.length)}`, ...rest].join('\n');
}

/** One YAML document (a mapping, for a Kubernetes object), ending with a newline. */
export function stringifyDocument(value: unknown): string {
  if (!isNested(value)) {
    return `${emit(value, '', [], [])}\n`;
  }
  const lines: string[] = [];
  emit(value, '', [], lines);
  return `${lines.join('\n')}\n`;
}

/** Several documents, joined by `---` lines as cdk8s joins them. */
export function stringifyDocuments(values: readonly unknown[]): string {
  return values.map(stringifyDocument).join('---\n');
}
