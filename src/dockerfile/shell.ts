/**
 * Just enough of the POSIX shell grammar to see which programs a RUN, CMD or ENTRYPOINT
 * invokes: words (with quotes and escapes), command separators and comments. It does not
 * expand anything; a word that still holds `$` is what the script says, not what it means.
 */

/** One simple command: its leading `NAME=value` assignments and its words. */
export interface SimpleCommand {
  readonly assignments: ReadonlyMap<string, string>;
  readonly words: readonly string[];
}

const OPERATORS = ['&&', '||', '$(', ';;', ';', '|', '&', '(', ')', '`', '\n'];

/** Splits a script into word lists, one per simple command, in the order they appear. */
function splitCommands(script: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  let i = 0;
  while (i < script.length) {
    const c = script[i];
    if (c === '\\') {
      // A backslash-newline joins lines; any other escaped character is literal.
      if (script[i + 1] === '\n') {i += 2;} else {
        word += script[i + 1] ?? '';
        inWord = true;
        i += 2;
      }
      continue;
    }
    if (c === "'") {
      const end = script.indexOf("'", i + 1);
      const stop = end === -1 ? script.length : end;
      word += script.slice(i + 1, stop);
      inWord = true;
      i = stop + 1;
      continue;
    }
    if (c === '"') {
      inWord = true;
      i++;
      while (i < script.length && script[i] !== '"') {
        if (script[i] === '\\' && i + 1 < script.length && '"\\$`\n'.includes(script[i + 1])) {
          if (script[i + 1] !== '\n') word += script[i + 1];
          i += 2;
        } else {
          word += script[i];
          i++;
        }
      }
      i++;
      continue;
    }
    if (c === '#' && !inWord) {
      const nl = script.indexOf('\n', i);
      i = nl === -1 ? script.length : nl;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
      continue;
    }
    if ((c === '>' || c === '<') && script[i + 1] === '&') {
      // `2>&1` is a redirection, not a background `&`.
      word += c + '&';
      inWord = true;
      i += 2;
      continue;
    }
    const op = OPERATORS.find((o) => script.startsWith(o, i));
    if (op) {
      endCommand();
      i += op.length;
      continue;
    }
    word += c;
    inWord = true;
    i++;
  }
  endCommand();
  return commands;
}

/** Words that start a compound command or negate one; the program follows them. */
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'time']);

/** Programs that run the rest of their arguments as a command, with their options that take a value. */
const WRAPPERS: ReadonlyMap<string, readonly string[]> = new Map([
  ['sudo', ['-u', '-g', '-C', '-p', '-h', '-r', '-t', '-U']],
  ['doas', ['-u', '-C']],
  ['env', ['-u', '-C', '-S']],
  ['nice', ['-n']],
  ['exec', ['-a']],
  ['nohup', []],
  ['command', []],
  ['builtin', []],
  ['time', []],
  ['stdbuf', []],
]);

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

export const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox-sh']);

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** The script a shell is asked to run (`sh -c "<script>"`, `bash -euo pipefail -c …`), if any. */
export function shellScriptOf(argv: readonly string[]): string | undefined {
  if (argv.length < 2 || !SHELLS.has(basename(argv[0]))) return undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('-')) return undefined;
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(a)) return argv[i + 1];
    if (a === '-o' || a === '+o') i++;
  }
  return undefined;
}

/**
 * The simple commands of a script, with wrappers (`sudo`, `env`, `exec` …) and reserved words
 * stripped so that `words[0]` is the program, and `sh -c '…'` scripts opened up.
 */
export function simpleCommands(script: string, depth = 0): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  for (const raw of splitCommands(script)) {
    const assignments = new Map<string, string>();
    let words = raw;
    for (;;) {
      const first = words[0];
      if (first === undefined) break;
      const m = ASSIGNMENT.exec(first);
      if (m) {
        assignments.set(m[1], m[2]);
        words = words.slice(1);
      } else if (RESERVED.has(first)) {
        words = words.slice(1);
      } else if (WRAPPERS.has(basename(first))) {
        // Options of the wrapper itself (`sudo -u app`, `env -i`, `nice -n 5`) come before the program.
        const valued = WRAPPERS.get(basename(first))!;
        let k = 1;
        while (k < words.length && words[k].startsWith('-') && words[k] !== '--') k += valued.includes(words[k]) ? 2 : 1;
        if (words[k] === '--') k++;
        words = words.slice(k);
      } else {
        break;
      }
    }
    if (words.length === 0) continue;
    const nested = depth < 4 ? shellScriptOf(words) : undefined;
    if (nested !== undefined) out.push(...simpleCommands(nested, depth + 1));
    else out.push({ assignments, words });
  }
  return out;
}
