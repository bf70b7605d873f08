/*
 * The TypeScript that `cdk8s-prod import` writes, as a small tree of values: plain JSON, code
 * written as it stands (`Code`), and open decisions (`Decision`), rendered with the decision's
 * TODO comment on the line above the value that needs it.
 */

/** A TypeScript expression, written as it stands. */
export class Code {
  constructor(public readonly text: string) {}
}

/** A value a person must choose: rendered as `decide('<rule>', '<why>')`, which neither compiles nor runs. */
export class Decision {
  constructor(public readonly rule: string, public readonly why: string) {}
}

export type Value = string | number | boolean | Code | Decision | undefined | readonly Value[] | { readonly [key: string]: Value };

/** A string as a TypeScript single-quoted literal. */
export function str(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, '\\\'').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')
    .replace(/[\u0000-\u001f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

function key(k: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : str(k);
}

/** The TODO comment of a decision: the rule, then why. */
export function todoComment(d: Decision): string {
  return `// TODO(cdk8s-prod): ${d.rule}: ${d.why.replace(/\s*\n\s*/g, ' ')}`;
}

/** Renders a value at an indentation; `decisions` collects every decision in the order written. */
export function render(v: Value, indent: string, decisions: Decision[]): string {
  if (v instanceof Code) return v.text.split('\n').join(`\n${indent}`);
  if (v instanceof Decision) {
    decisions.push(v);
    return `decide(${str(v.rule)}, ${str(v.why)})`;
  }
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === undefined) return 'undefined';
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const simple = v.every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean');
    const flat = `[${v.map((x) => render(x, inner, [])).join(', ')}]`;
    if (simple && flat.length <= 100) return flat;
    const lines = (v as readonly Value[]).map((x) => `${comments(x, inner)}${inner}${render(x, inner, decisions)},`);
    return `[\n${lines.join('\n')}\n${indent}]`;
  }
  const o = v as { readonly [key: string]: Value };
  const entries = Object.entries(o).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  const lines = entries.map(([k, x]) => `${comments(x, inner)}${inner}${key(k)}: ${render(x, inner, decisions)},`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** The TODO comment lines above an entry whose value is a decision itself. */
function comments(v: Value, indent: string): string {
  return v instanceof Decision ? `${indent}${todoComment(v)}\n` : '';
}
