import type { Heredoc, Instruction } from 'dockerfile-ast';

// Loaded on the first Dockerfile: `check` of manifests alone does not pay for the parser.
let parser: typeof import('dockerfile-ast') | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, for the cold start of `check`
const dockerfileAst = () => (parser ??= require('dockerfile-ast') as typeof import('dockerfile-ast'));
import { SHELLS, SimpleCommand, basename, shellScriptOf, simpleCommands } from './shell';

/**
 * A small typed view of a Dockerfile, built on dockerfile-ast, with what the audit needs: the
 * stages, their base images with `ARG` defaults resolved, and what the final image runs.
 * Lines are 1-based.
 */

export type CommandForm = 'exec' | 'shell';

export interface DockerInstruction {
  /** Upper case: `RUN`, `COPY`, … (unknown instructions keep their keyword). */
  readonly keyword: string;
  /** The arguments after the flags, as written (quotes removed); heredoc bodies are not arguments. */
  readonly args: readonly string[];
  /** `--from=build` → `from: 'build'`; a flag without a value maps to null. */
  readonly flags: ReadonlyMap<string, string | null>;
  /** The argument text with continuation lines joined, flags left out. */
  readonly text: string;
  /** The JSON array of the exec form (`RUN ["make"]`, `COPY ["a", "/b"]`), when the arguments are one. */
  readonly exec?: readonly string[];
  /** The bodies of the instruction's here-documents (`RUN <<EOF …`). */
  readonly heredocs: readonly string[];
  /** `NAME=value` pairs of ARG and ENV (value null for an ARG without a default). */
  readonly properties: ReadonlyArray<{ readonly name: string; readonly value: string | null }>;
  readonly line: number;
  /** Index of the stage the instruction belongs to; -1 before the first FROM. */
  readonly stage: number;
  /** `stages[1].RUN` */
  readonly path: string;
}

export interface BaseImage {
  /** The image as written: `node:${VERSION}`, `build`, `scratch`; '' when FROM names none. */
  readonly raw: string;
  /** The image after substituting the ARGs declared before the first FROM; undefined when that is impossible. */
  readonly resolved?: string;
  /** Variables the reference needs that have no value: declared without a default, or not declared at all. */
  readonly unresolved: ReadonlyArray<{ readonly name: string; readonly declared: boolean }>;
  /** The index of the earlier stage this FROM builds on, when it names one. */
  readonly stage?: number;
  readonly scratch: boolean;
}

export interface Stage {
  readonly index: number;
  /** The `AS` name, as written. */
  readonly name?: string;
  readonly from: BaseImage;
  /** The FROM line. */
  readonly line: number;
  /** The instructions after FROM. */
  readonly instructions: readonly DockerInstruction[];
}

/** What an ENTRYPOINT or CMD runs. */
export interface Command {
  readonly keyword: 'ENTRYPOINT' | 'CMD';
  readonly form: CommandForm;
  /** Exec form: the array. Shell form: the SHELL in force followed by the command text. */
  readonly argv: readonly string[];
  /** Shell form: the command text; exec form: the array joined by spaces. */
  readonly text: string;
  readonly line: number;
  readonly stage: number;
  readonly path: string;
}

export interface UserSetting {
  /** The USER argument as written. */
  readonly raw: string;
  /** The argument with the stage's ARG and ENV values substituted; undefined when one of them has no value. */
  readonly value?: string;
  readonly line: number;
  readonly stage: number;
  readonly path: string;
}

export interface DockerfileComment {
  readonly line: number;
  /** Without the `#` and surrounding blanks. */
  readonly text: string;
}

export interface DockerfileModel {
  readonly stages: readonly Stage[];
  /** ARGs declared before the first FROM, the only ones a FROM can use. */
  readonly globalArgs: ReadonlyMap<string, string | null>;
  /** The last stage: what `docker build` produces without `--target`. */
  readonly final?: Stage;
  /**
   * The stages whose filesystem and settings end up in the final image: the final stage and,
   * when it is `FROM` an earlier stage, that stage and so on back to an external base. Root first.
   */
  readonly finalChain: readonly Stage[];
  /** The final image's ENTRYPOINT and CMD as far as the Dockerfile shows them (one inherited from an external base is invisible). */
  readonly entrypoint?: Command;
  readonly cmd?: Command;
  /** The final image's last USER, through the chain. */
  readonly user?: UserSetting;
  readonly comments: readonly DockerfileComment[];
  /** Set when dockerfile-ast itself failed; the model is then empty. */
  readonly parseError?: string;
}

const DEFAULT_SHELL = ['/bin/sh', '-c'];

function emptyModel(parseError?: string): DockerfileModel {
  return {
    stages: [], globalArgs: new Map(), finalChain: [], comments: [],
    ...(parseError !== undefined ? { parseError } : {}),
  };
}

/** Offsets of the start of each line, as the parser counts lines (\r\n, \r and \n all end one). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n') continue;
    if (c === '\n' || c === '\r') starts.push(i + 1);
  }
  return starts;
}

function unquote(s: string): string {
  return s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0] ? s.slice(1, -1) : s;
}

/** An exec-form array the way Docker reads one: a JSON list of strings, else the text is shell form. */
function execArray(ins: Instruction, text: string): string[] | undefined {
  if (!(ins instanceof dockerfileAst().JSONInstruction) || ins.getOpeningBracket() === null) return undefined;
  const start = text.search(/(^|\s)\[/);
  if (start === -1) return undefined;
  try {
    const parsed: unknown = JSON.parse(text.slice(start).trim());
    return Array.isArray(parsed) && parsed.every((x) => typeof x === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function heredocsOf(ins: Instruction): Heredoc[] {
  // Public on RUN and COPY, protected (but present) on the base class, which ADD uses.
  const withHeredocs = ins as unknown as { getHeredocs?: () => Heredoc[] };
  try {
    return typeof withHeredocs.getHeredocs === 'function' ? withHeredocs.getHeredocs.call(ins) : [];
  } catch {
    return [];
  }
}

function toInstruction(ins: Instruction, stage: number, sourceText: string, starts: number[]): DockerInstruction {
  const keyword = ins.getKeyword().toUpperCase();
  const offset = (p: { line: number; character: number }) => (starts[p.line] ?? sourceText.length) + p.character;
  const heredocs = heredocsOf(ins);
  const bodyLines = heredocs.map((h) => ({
    from: h.getNameRange().end.line + 1,
    to: (h.getDelimiterRange() ?? h.getContentRange())?.end.line ?? h.getNameRange().end.line,
  }));
  const inBody = (line: number) => bodyLines.some((b) => line >= b.from && line <= b.to);
  const bodies = heredocs.flatMap((h) => {
    const r = h.getContentRange();
    return r ? [sourceText.slice(offset(r.start), offset(r.end))] : [];
  });
  const text = ins.getArgumentsContent() ?? '';
  const exec = execArray(ins, text);
  const flags = new Map<string, string | null>();
  if (ins instanceof dockerfileAst().ModifiableInstruction) for (const f of ins.getFlags()) flags.set(f.getName(), f.getValue());
  const args = exec ?? ins.getArguments()
    .filter((a) => !inBody(a.getRange().start.line))
    .map((a) => unquote(a.getValue()));
  const properties = ins instanceof dockerfileAst().PropertyInstruction && (keyword === 'ARG' || keyword === 'ENV')
    ? ins.getProperties().map((p) => ({ name: p.getName(), value: p.getValue() }))
    : [];
  return {
    keyword,
    args,
    flags,
    text,
    ...(exec ? { exec } : {}),
    heredocs: bodies,
    properties,
    line: ins.getRange().start.line + 1,
    stage,
    path: stage >= 0 ? `stages[${stage}].${keyword}` : keyword,
  };
}

export interface Substitution {
  readonly value: string;
  readonly unresolved: ReadonlyArray<{ readonly name: string; readonly declared: boolean }>;
}

/**
 * Docker's variable substitution in an argument: `$NAME`, `${NAME}`, `${NAME:-word}`,
 * `${NAME-word}`, `${NAME:+word}`, `${NAME+word}`. A variable with no value substitutes as the
 * empty string (as Docker does) and is reported in `unresolved`; other `${…}` operators are too.
 */
export function substitute(text: string, vars: ReadonlyMap<string, string | null>, escapeChar = '\\'): Substitution {
  const unresolved: Array<{ name: string; declared: boolean }> = [];
  const lookup = (name: string) => vars.get(name) ?? undefined;
  const missing = (name: string) => {
    if (!unresolved.some((u) => u.name === name)) unresolved.push({ name, declared: vars.has(name) });
  };
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === escapeChar && text[i + 1] === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    if (text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close === -1) {
        out += text.slice(i);
        break;
      }
      const expr = text.slice(i + 2, close);
      i = close + 1;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])(.*))?$/s.exec(expr);
      if (!m) {
        const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expr)?.[0] ?? expr;
        missing(name);
        continue;
      }
      const [, name, op, word = ''] = m;
      const value = lookup(name);
      const set = value !== undefined;
      const nonEmpty = set && value !== '';
      const expandWord = () => {
        const inner = substitute(word, vars, escapeChar);
        for (const u of inner.unresolved) missing(u.name);
        return inner.value;
      };
      switch (op) {
        case undefined:
          if (set) out += value;
          else missing(name);
          break;
        case ':-': out += nonEmpty ? value : expandWord(); break;
        case '-': out += set ? value : expandWord(); break;
        case ':+': out += nonEmpty ? expandWord() : ''; break;
        case '+': out += set ? expandWord() : ''; break;
      }
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (!m) {
      out += c;
      i++;
      continue;
    }
    const value = lookup(m[0]);
    if (value !== undefined) out += value;
    else missing(m[0]);
    i += 1 + m[0].length;
  }
  return { value: out, unresolved };
}

function commandOf(ins: DockerInstruction, shell: readonly string[]): Command | undefined {
  const keyword = ins.keyword as 'ENTRYPOINT' | 'CMD';
  const base = { keyword, line: ins.line, stage: ins.stage, path: ins.path };
  if (ins.exec) {
    // `CMD []` clears the command.
    if (ins.exec.length === 0) return undefined;
    return { ...base, form: 'exec', argv: ins.exec, text: ins.exec.join(' ') };
  }
  if (ins.text.trim() === '') return undefined;
  return { ...base, form: 'shell', argv: [...shell, ins.text], text: ins.text };
}

/** Walks the chain the way the builder does: ENTRYPOINT clears a CMD the stage did not set itself. */
function effectiveSettings(chain: readonly Stage[], globalArgs: ReadonlyMap<string, string | null>, escapeChar: string) {
  let entrypoint: Command | undefined;
  let cmd: Command | undefined;
  let user: UserSetting | undefined;
  let shell: readonly string[] = DEFAULT_SHELL;
  const env = new Map<string, string | null>();
  for (const stage of chain) {
    let cmdSetHere = false;
    // ARGs are scoped to their stage; ENV values are inherited along the chain.
    const vars = new Map(env);
    for (const ins of stage.instructions) {
      switch (ins.keyword) {
        case 'ARG':
          for (const p of ins.properties) {
            const value = p.value === null ? globalArgs.get(p.name) ?? null : substitute(p.value, vars, escapeChar).value;
            vars.set(p.name, value);
          }
          break;
        case 'ENV':
          for (const p of ins.properties) {
            const value = p.value === null ? null : substitute(p.value, vars, escapeChar).value;
            vars.set(p.name, value);
            env.set(p.name, value);
          }
          break;
        case 'SHELL':
          if (ins.exec && ins.exec.length > 0) shell = ins.exec;
          break;
        case 'CMD':
          cmd = commandOf(ins, shell);
          cmdSetHere = true;
          break;
        case 'ENTRYPOINT':
          entrypoint = commandOf(ins, shell);
          if (!cmdSetHere) cmd = undefined;
          break;
        case 'USER': {
          const raw = ins.text.trim();
          const { value, unresolved } = substitute(raw, vars, escapeChar);
          user = { raw, ...(unresolved.length === 0 ? { value } : {}), line: ins.line, stage: ins.stage, path: ins.path };
          break;
        }
      }
    }
  }
  return { entrypoint, cmd, user };
}

/** Never throws: a file the parser cannot read gives an empty model with `parseError`. */
export function parseDockerfile(text: string): DockerfileModel {
  const source = typeof text === 'string' ? text.replace(/^\uFEFF/, '') : '';
  try {
    return buildModel(source);
  } catch (e) {
    return emptyModel(`cannot parse the Dockerfile: ${(e as Error).message}`);
  }
}

function buildModel(source: string): DockerfileModel {
  const df = dockerfileAst().DockerfileParser.parse(source);
  const escapeChar = df.getEscapeCharacter();
  const starts = lineStarts(source);
  const globalArgs = new Map<string, string | null>();
  const unsetVia = new Map<string, Substitution['unresolved']>();
  const stages: Array<Stage & { instructions: DockerInstruction[] }> = [];

  for (const ins of df.getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    if (ins instanceof dockerfileAst().From) {
      const index = stages.length;
      const raw = ins.getImage() ?? '';
      const { value, unresolved: direct } = substitute(raw, globalArgs, escapeChar);
      const unresolved = direct.flatMap((u) => unsetVia.get(u.name) ?? [u]);
      const resolved = unresolved.length === 0 ? value : undefined;
      // Stage names are case-insensitive; only a stage declared earlier can be built on.
      const stageRef = resolved !== undefined
        ? stages.findIndex((s) => s.name !== undefined && s.name.toLowerCase() === resolved.toLowerCase())
        : -1;
      const name = ins.getBuildStage() ?? undefined;
      stages.push({
        index,
        ...(name ? { name } : {}),
        from: {
          raw,
          ...(resolved !== undefined ? { resolved } : {}),
          unresolved,
          ...(stageRef !== -1 ? { stage: stageRef } : {}),
          scratch: stageRef === -1 && resolved?.toLowerCase() === 'scratch',
        },
        line: ins.getRange().start.line + 1,
        instructions: [],
      });
      continue;
    }
    const current = stages[stages.length - 1];
    const model = toInstruction(ins, current ? current.index : -1, source, starts);
    if (current) {current.instructions.push(model);} else if (keyword === 'ARG') {
      // A default may use the ARGs declared before it (`ARG IMAGE=node:${NODE_VERSION}`); one that
      // uses an ARG without a value has none either, and a FROM using it is blamed on that ARG.
      for (const p of model.properties) {
        const sub = p.value === null ? undefined : substitute(p.value, globalArgs, escapeChar);
        globalArgs.set(p.name, sub && sub.unresolved.length === 0 ? sub.value : null);
        if (sub && sub.unresolved.length > 0) unsetVia.set(p.name, sub.unresolved);
        else unsetVia.delete(p.name);
      }
    }
  }

  const final = stages[stages.length - 1];
  const finalChain: Stage[] = [];
  const next = (s: Stage) => (s.from.stage !== undefined ? stages[s.from.stage] : undefined);
  for (let s: Stage | undefined = final; s !== undefined && !finalChain.includes(s); s = next(s)) {
    finalChain.unshift(s);
  }
  const { entrypoint, cmd, user } = effectiveSettings(finalChain, globalArgs, escapeChar);
  const comments = df.getComments().map((c) => ({ line: c.getRange().start.line + 1, text: c.getContent() }));
  return {
    stages,
    globalArgs,
    ...(final ? { final } : {}),
    finalChain,
    ...(entrypoint ? { entrypoint } : {}),
    ...(cmd ? { cmd } : {}),
    ...(user ? { user } : {}),
    comments,
  };
}

/** The instructions of the stages that make up the final image, in build order. */
export function finalImageInstructions(df: DockerfileModel): DockerInstruction[] {
  return df.finalChain.flatMap((s) => s.instructions);
}

/** The program a command starts as PID 1, seeing through `sh -c 'exec …'`, or the shell that stays PID 1. */
export function pid1Program(argv: readonly string[]): { program: string; args: readonly string[] } | { shell: string } {
  const [first, ...rest] = argv;
  if (first === undefined) return { shell: '' };
  if (SHELLS.has(basename(first))) {
    const c = rest.findIndex((a) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a));
    const script = c === -1 ? undefined : rest[c + 1];
    if (script === undefined) return { program: first, args: rest };
    // `exec prog …` replaces the shell, so prog becomes PID 1; anything else leaves the shell there.
    if (!/^\s*exec\s/.test(script)) return { shell: first };
    const words = simpleCommands(script)[0]?.words;
    return words && words.length > 0 ? { program: words[0], args: words.slice(1) } : { shell: first };
  }
  return { program: first, args: rest };
}

/** The simple commands a RUN executes: its shell text, its exec array, or the script of a `RUN <<EOF` here-document. */
export function runCommands(ins: DockerInstruction): SimpleCommand[] {
  if (ins.exec) {
    const script = shellScriptOf(ins.exec);
    if (script !== undefined) return simpleCommands(script);
    return ins.exec.length > 0 ? [{ assignments: new Map(), words: ins.exec }] : [];
  }
  if (ins.heredocs.length === 0) return simpleCommands(ins.text);
  // The first line holds the command and the `<<NAME` markers; the bodies follow it.
  const firstLine = ins.text.split('\n')[0].replace(/<<-?\s*(["']?)[A-Za-z0-9_.-]+\1/g, ' ');
  const commands = simpleCommands(firstLine);
  const runsBodies = commands.length === 0 || (commands.length === 1 && SHELLS.has(basename(commands[0].words[0])));
  return runsBodies ? [...commands, ...ins.heredocs.flatMap((b) => simpleCommands(b))] : commands;
}

/** `the only stage`, `the final stage (stage 2)` or `stage 0 ("base", which the final stage is built on)`, for messages. */
export function stageLabel(df: DockerfileModel, index: number): string {
  if (df.final && index === df.final.index) return df.stages.length > 1 ? `the final stage (stage ${index})` : 'the only stage';
  const name = df.stages[index]?.name;
  return `stage ${index} (${name ? `"${name}", ` : ''}which the final stage is built on)`;
}

/** The sources and destination of a COPY or ADD (a `<<NAME` source is a here-document). */
export function copyOperands(ins: DockerInstruction): { sources: string[]; destination?: string } {
  const words = ins.args.filter((a) => a !== '');
  if (words.length < 2) return { sources: words };
  return { sources: words.slice(0, -1), destination: words[words.length - 1] };
}

/** COPY and ADD instructions that take their sources from the build context (no `--from`). */
export function contextCopies(df: DockerfileModel): DockerInstruction[] {
  return finalImageInstructions(df).filter((ins) => (ins.keyword === 'COPY' || ins.keyword === 'ADD') && !ins.flags.has('from'));
}
