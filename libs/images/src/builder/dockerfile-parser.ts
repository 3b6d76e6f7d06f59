import { ImageError } from '../image-error.js';
import type { ImageHealthcheck } from '../store/oci-types.js';
import { parseHealthcheck } from './healthcheck-instruction.js';

/**
 * A Dockerfile turned into typed, variable-substituted instructions grouped by stage. The
 * grammar is Docker's: parser directives (`# escape=`) at the very top, comments, `\`
 * continuations, keywords in any case, JSON (exec) or shell forms, and `$VAR` / `${VAR}`
 * (with `:-` `:+` `-` `+` modifiers) substituted from ARG and ENV in the instructions Docker
 * substitutes in. RUN, CMD and ENTRYPOINT are left to the shell, as in Docker.
 */

export interface CommandForm {
  /** The exec form's argv, or the shell form's single command string. */
  args: string[];
  /** Shell form: run as `/bin/sh -c <args[0]>`. */
  shell: boolean;
}

interface Base {
  /** First line (1-based) of the instruction in the Dockerfile. */
  line: number;
}

export type Instruction =
  | (Base & { kind: 'RUN'; command: CommandForm })
  | (Base & {
      kind: 'COPY' | 'ADD';
      sources: string[];
      dest: string;
      /** `--from` as expanded: a stage name or number, or an image reference. */
      from?: string;
      /**
       * The earlier stage `from` names, if it names one. Only stages above this instruction
       * count (as in Docker): a name no earlier stage has is an image, even when a later
       * stage takes that name. Everything that decides what `--from` reads uses this field.
       */
      fromStage?: number;
      chown?: string;
      chmod?: string;
    })
  | (Base & { kind: 'ENV'; pairs: [string, string][] })
  /** `value` is what the build uses: the build arg, else the default, else the global ARG. */
  | (Base & { kind: 'ARG'; name: string; value?: string })
  | (Base & { kind: 'WORKDIR'; path: string })
  | (Base & { kind: 'USER'; user: string })
  | (Base & { kind: 'CMD' | 'ENTRYPOINT'; command: CommandForm })
  | (Base & { kind: 'EXPOSE'; ports: string[] })
  | (Base & { kind: 'LABEL'; pairs: [string, string][] })
  | (Base & { kind: 'VOLUME'; paths: string[] })
  | (Base & { kind: 'HEALTHCHECK'; healthcheck: ImageHealthcheck });

export interface Stage {
  index: number;
  /** `AS name`, lower-cased as Docker does. */
  name?: string;
  /** The image reference, `scratch`, or the name of an earlier stage. */
  from: string;
  /** Index of the earlier stage `from` names, if it names one. */
  fromStage?: number;
  line: number;
  instructions: Instruction[];
}

export interface Dockerfile {
  stages: Stage[];
  /** Build args the Dockerfile never declared (Docker warns about them). */
  unusedBuildArgs: string[];
}

export interface ParseOptions {
  buildArgs?: Record<string, string>;
  /**
   * The environment of a base image (`KEY=value` entries), so `${VAR}` sees what FROM
   * brings as Docker does. The builder parses once without it to learn the bases, then
   * again with it.
   */
  baseEnv?: (image: string) => readonly string[] | undefined;
}

const SUPPORTED = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'ENV', 'ARG', 'WORKDIR', 'USER', 'CMD', 'ENTRYPOINT', 'EXPOSE', 'LABEL', 'VOLUME', 'HEALTHCHECK']);
const KNOWN_UNSUPPORTED = new Set(['ONBUILD', 'SHELL', 'STOPSIGNAL', 'MAINTAINER']);

function invalid(line: number, message: string): ImageError {
  return new ImageError('INVALID_DOCKERFILE', `Dockerfile line ${line}: ${message}`);
}

// ---------------------------------------------------------------------------------------
// Lines

interface LogicalLine {
  line: number;
  keyword: string;
  rest: string;
}

/** Splits the text into instructions: directives read, comments dropped, continuations joined. */
export function logicalLines(text: string): { escape: string; lines: LogicalLine[] } {
  const physical = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let escape = '\\';
  let index = 0;
  // Directives are only recognised before anything else, comments included.
  for (; index < physical.length; index++) {
    const directive = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.*?)\s*$/.exec(physical[index]!);
    if (!directive) break;
    const name = directive[1]!.toLowerCase();
    if (name === 'escape') {
      if (directive[2] !== '\\' && directive[2] !== '`') throw invalid(index + 1, `invalid escape token "${directive[2]}"; use \\ or \``);
      escape = directive[2]!;
    } else if (name !== 'syntax' && name !== 'check') {
      break; // an unknown directive is an ordinary comment
    }
  }
  const lines: LogicalLine[] = [];
  let pending: { line: number; text: string } | undefined;
  for (; index < physical.length; index++) {
    const raw = physical[index]!;
    const trimmed = raw.trim();
    // Comment and blank lines are dropped even in the middle of a continued instruction.
    if (trimmed.startsWith('#') || (trimmed === '' && pending)) continue;
    if (trimmed === '') continue;
    const withoutTrailing = raw.replace(/\s+$/, '');
    const continues = withoutTrailing.endsWith(escape) && !withoutTrailing.endsWith(escape + escape);
    const piece = continues ? withoutTrailing.slice(0, -1) : withoutTrailing;
    if (pending) pending.text += piece;
    else pending = { line: index + 1, text: piece.replace(/^\s+/, '') };
    if (!continues) {
      lines.push(split(pending));
      pending = undefined;
    }
  }
  if (pending) lines.push(split(pending));
  return { escape, lines };
}

function split({ line, text }: { line: number; text: string }): LogicalLine {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text.trim());
  return { line, keyword: (match?.[1] ?? '').toUpperCase(), rest: (match?.[2] ?? '').trim() };
}

// ---------------------------------------------------------------------------------------
// Words and variables

type Lookup = (name: string) => string | undefined;

/**
 * Docker's shell-like word processing: quotes removed, escapes applied, variables expanded
 * (not inside single quotes). With `split`, unquoted whitespace separates words.
 */
export function expandWords(text: string, lookup: Lookup, escape = '\\', split = true): string[] {
  const words: string[] = [];
  let current = '';
  let started = false;
  let i = 0;
  const end = () => {
    if (started) words.push(current);
    current = '';
    started = false;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (split && /\s/.test(ch)) {
      end();
      i += 1;
    } else if (ch === escape) {
      started = true;
      if (i + 1 < text.length) current += text[i + 1];
      i += 2;
    } else if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      if (close === -1) throw new Error('unterminated single quote');
      current += text.slice(i + 1, close);
      started = true;
      i = close + 1;
    } else if (ch === '"') {
      started = true;
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated double quote');
        const inner = text[i]!;
        if (inner === '"') {
          i += 1;
          break;
        }
        if (inner === escape && i + 1 < text.length && ['"', '$', escape].includes(text[i + 1]!)) {
          current += text[i + 1];
          i += 2;
        } else if (inner === '$') {
          const [value, next] = variable(text, i, lookup, escape);
          current += value;
          i = next;
        } else {
          current += inner;
          i += 1;
        }
      }
    } else if (ch === '$') {
      const [value, next] = variable(text, i, lookup, escape);
      if (split) {
        // An unquoted value is split into words, as Docker does (`EXPOSE $PORTS`).
        const parts = value.split(/\s+/);
        parts.forEach((part, index) => {
          if (index > 0) end();
          current += part;
          if (part !== '') started = true;
        });
      } else {
        current += value;
        if (value !== '') started = true;
      }
      // A lone `$` is literal; an unset variable makes no word of its own.
      if (next - i === 1) started = true;
      i = next;
    } else {
      current += ch;
      started = true;
      i += 1;
    }
  }
  end();
  return words;
}

/** One word, spaces kept (WORKDIR, USER, ENV values). */
export function expandWord(text: string, lookup: Lookup, escape = '\\'): string {
  return expandWords(text, lookup, escape, false).join('');
}

/** `$NAME`, `${NAME}` or `${NAME<op>word}` at text[start] === '$'; returns value and next index. */
function variable(text: string, start: number, lookup: Lookup, escape: string): [string, number] {
  const next = text[start + 1];
  if (next === '{') {
    const close = matchingBrace(text, start + 1);
    if (close === -1) throw new Error('missing } in variable substitution');
    const body = text.slice(start + 2, close);
    const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([\s\S]*))?$/.exec(body);
    if (!match) throw new Error(`bad substitution \${${body}}`);
    const [, name, op, word = ''] = match;
    const value = lookup(name!);
    const set = op?.startsWith(':') ? value !== undefined && value !== '' : value !== undefined;
    const expandedWord = () => expandWord(word, lookup, escape);
    switch (op?.replace(':', '')) {
      case undefined:
        return [value ?? '', close + 1];
      case '-':
        return [set ? value! : expandedWord(), close + 1];
      case '+':
        return [set ? expandedWord() : '', close + 1];
      default:
        if (!set) throw new Error(`${name}: ${expandedWord() || 'is not set'}`);
        return [value!, close + 1];
    }
  }
  const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(start + 1))?.[0];
  if (!name) return ['$', start + 1];
  return [lookup(name) ?? '', start + 1 + name.length];
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Words as written (quotes and escapes kept), for `key=value` lists. */
function rawWords(text: string, escape: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === escape && quote !== "'" && i + 1 < text.length) {
      current += ch + text[i + 1];
      i += 1;
    } else if (quote) {
      current += ch;
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (/\s/.test(ch)) {
      if (current) words.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (quote) throw new Error(`unterminated ${quote === '"' ? 'double' : 'single'} quote`);
  if (current) words.push(current);
  return words;
}

/** The exec form, if the text is a JSON array of strings; otherwise the shell form. */
function jsonArray(text: string): string[] | undefined {
  if (!text.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return parsed as string[];
  } catch {
    // Not JSON: Docker falls back to the shell form.
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Instructions

interface Scope {
  args: Map<string, string>;
  env: Map<string, string>;
}

const lookupIn =
  (scope: Scope): Lookup =>
  (name) =>
    scope.env.get(name) ?? scope.args.get(name);

function envMap(entries: readonly string[] | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of entries ?? []) {
    const at = entry.indexOf('=');
    if (at > 0) map.set(entry.slice(0, at), entry.slice(at + 1));
  }
  return map;
}

export function parseDockerfile(text: string, options: ParseOptions = {}): Dockerfile {
  const buildArgs = options.buildArgs ?? {};
  const used = new Set<string>();
  const { escape, lines } = logicalLines(text);
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  const stageEnv: Map<string, string>[] = [];
  let scope: Scope | undefined;

  for (const { line, keyword, rest } of lines) {
    try {
      if (!SUPPORTED.has(keyword)) {
        if (KNOWN_UNSUPPORTED.has(keyword)) throw invalid(line, `${keyword} is not supported by Berth's builder`);
        throw invalid(line, `unknown instruction "${keyword}"`);
      }
      if (keyword === 'ARG' && !scope) {
        for (const [name, value] of argPairs(rest, escape, (key) => globalArgs.get(key), line)) {
          used.add(name);
          const resolved = buildArgs[name] ?? value;
          if (resolved !== undefined) globalArgs.set(name, resolved);
        }
        continue;
      }
      if (keyword === 'FROM') {
        const stage = fromInstruction(rest, line, escape, globalArgs, stages);
        const inherited = stage.fromStage !== undefined ? stageEnv[stage.fromStage]! : envMap(options.baseEnv?.(stage.from));
        scope = { args: new Map(), env: new Map(inherited) };
        stages.push(stage);
        stageEnv.push(scope.env);
        continue;
      }
      if (!scope) throw invalid(line, `${keyword} before the first FROM (only ARG may come first)`);
      if (rest === '') throw invalid(line, `${keyword} needs arguments`);
      const instruction = stageInstruction(keyword, rest, line, escape, scope, { buildArgs, globalArgs, used, stages });
      stages[stages.length - 1]!.instructions.push(...instruction);
    } catch (error) {
      if (error instanceof ImageError) throw error;
      throw invalid(line, (error as Error).message);
    }
  }
  if (stages.length === 0) throw invalid(Math.max(1, lines.at(-1)?.line ?? 1), 'no FROM instruction');
  return { stages, unusedBuildArgs: Object.keys(buildArgs).filter((name) => !used.has(name)) };
}

function fromInstruction(rest: string, line: number, escape: string, globalArgs: Map<string, string>, stages: Stage[]): Stage {
  const { flags, words } = takeFlags(rawWords(rest, escape), line, ['platform']);
  if (words.length !== 1 && !(words.length === 3 && words[1]!.toLowerCase() === 'as')) {
    throw invalid(line, 'FROM takes an image and optionally "AS name"');
  }
  // FROM sees only the ARGs declared before the first FROM.
  const from = expandWord(words[0]!, (name) => globalArgs.get(name), escape);
  if (from === '') throw invalid(line, `FROM ${words[0]} names no image (is the build arg set?)`);
  const name = words[2]?.toLowerCase();
  if (name !== undefined) {
    if (!/^[a-z][a-z0-9._-]*$/.test(name)) throw invalid(line, `invalid stage name "${name}"`);
    if (stages.some((stage) => stage.name === name)) throw invalid(line, `duplicate stage name "${name}"`);
  }
  const fromStage = stages.find((stage) => stage.name === from.toLowerCase())?.index;
  void flags; // --platform: Berth builds for the host's platform only.
  return { index: stages.length, line, from, instructions: [], ...(name ? { name } : {}), ...(fromStage !== undefined ? { fromStage } : {}) };
}

interface ArgContext {
  buildArgs: Record<string, string>;
  globalArgs: Map<string, string>;
  used: Set<string>;
  /** The stages so far; the last one is the stage being parsed. */
  stages: Stage[];
}

/**
 * Which earlier stage `--from=from` names: by name or by number, only among the stages above
 * the current one; undefined when it names none (then it is an image reference).
 */
function earlierStage(from: string, stages: Stage[]): number | undefined {
  const current = stages.length - 1;
  if (/^\d+$/.test(from)) {
    const index = Number(from);
    if (index >= current) throw new Error(`--from=${from} names stage ${index}, which is not an earlier stage (stages are numbered from 0)`);
    return index;
  }
  const wanted = from.toLowerCase();
  if (stages[current]?.name === wanted) throw new Error(`--from=${from} names the stage being built`);
  return stages.slice(0, current).find((stage) => stage.name === wanted)?.index;
}

function stageInstruction(keyword: string, rest: string, line: number, escape: string, scope: Scope, context: ArgContext): Instruction[] {
  const lookup = lookupIn(scope);
  switch (keyword) {
    case 'RUN':
      // RUN --mount, --network, … are BuildKit features Berth does not have.
      if (/^--[a-z]/.test(rest)) throw new Error(`unsupported flag ${rest.split(/\s/, 1)[0]}`);
      return [{ kind: 'RUN', line, command: commandForm(rest) }];
    case 'CMD':
    case 'ENTRYPOINT':
      return [{ kind: keyword, line, command: commandForm(rest) }];
    case 'HEALTHCHECK':
      return [{ kind: 'HEALTHCHECK', line, healthcheck: parseHealthcheck(rest) }];
    case 'COPY':
    case 'ADD': {
      const { flags, words } = takeFlags(rawWords(rest, escape), line, keyword === 'COPY' ? ['from', 'chown', 'chmod', 'link'] : ['chown', 'chmod', 'link']);
      const afterFlags = rest.slice(rest.indexOf(words[0] ?? '')).trim();
      const paths = jsonArray(afterFlags)?.map((path) => expandWord(path, lookup, escape)) ?? words.flatMap((word) => expandWords(word, lookup, escape));
      if (paths.length < 2) throw new Error(`${keyword} needs at least one source and a destination`);
      const sources = paths.slice(0, -1);
      if (keyword === 'ADD' && sources.some((source) => /^[a-z][a-z0-9+.-]*:\/\//i.test(source) || source.startsWith('git@'))) {
        throw new Error('ADD from a URL or git repository is not supported; only local sources');
      }
      const expandFlag = (name: string) => (flags[name] !== undefined ? expandWord(flags[name], lookup, escape) : undefined);
      const from = expandFlag('from');
      // Empty (a variable only the base image's ENV sets, before the builder's second parse) names no stage.
      const fromStage = from ? earlierStage(from, context.stages) : undefined;
      const chown = expandFlag('chown');
      const chmod = expandFlag('chmod');
      if (chmod !== undefined && !/^[0-7]{3,4}$/.test(chmod)) throw new Error(`--chmod=${chmod}: only octal modes are supported`);
      return [
        {
          kind: keyword,
          line,
          sources,
          dest: paths.at(-1)!,
          ...(from !== undefined ? { from } : {}),
          ...(fromStage !== undefined ? { fromStage } : {}),
          ...(chown !== undefined ? { chown } : {}),
          ...(chmod !== undefined ? { chmod } : {}),
        },
      ];
    }
    case 'ENV': {
      const pairs = keyValuePairs(rest, escape, lookup, 'ENV');
      // Every pair of one ENV sees the values from before it, as in Docker.
      for (const [key, value] of pairs) scope.env.set(key, value);
      return [{ kind: 'ENV', line, pairs }];
    }
    case 'LABEL':
      return [{ kind: 'LABEL', line, pairs: keyValuePairs(rest, escape, lookup, 'LABEL') }];
    case 'ARG':
      return argPairs(rest, escape, lookup, line).map(([name, defaultValue]) => {
        context.used.add(name);
        const value = context.buildArgs[name] ?? defaultValue ?? context.globalArgs.get(name);
        if (value !== undefined) scope.args.set(name, value);
        return { kind: 'ARG', line, name, ...(value !== undefined ? { value } : {}) };
      });
    case 'WORKDIR': {
      const path = expandWord(rest, lookup, escape);
      if (path === '') throw new Error('WORKDIR needs a path');
      return [{ kind: 'WORKDIR', line, path }];
    }
    case 'USER': {
      const user = expandWord(rest, lookup, escape);
      if (user === '' || /\s/.test(user)) throw new Error('USER takes one user[:group]');
      return [{ kind: 'USER', line, user }];
    }
    case 'EXPOSE': {
      const ports = expandWords(rest, lookup, escape).map((port) => {
        const match = /^(\d{1,5})(?:-(\d{1,5}))?(?:\/(tcp|udp|sctp))?$/i.exec(port);
        if (!match || Number(match[1]) > 65535) throw new Error(`invalid port "${port}"`);
        return `${match[1]}${match[2] ? `-${match[2]}` : ''}/${(match[3] ?? 'tcp').toLowerCase()}`;
      });
      return [{ kind: 'EXPOSE', line, ports }];
    }
    case 'VOLUME': {
      const paths = jsonArray(rest)?.map((path) => expandWord(path, lookup, escape)) ?? expandWords(rest, lookup, escape);
      if (paths.length === 0 || paths.some((path) => path === '')) throw new Error('VOLUME needs paths');
      return [{ kind: 'VOLUME', line, paths }];
    }
    default:
      throw new Error(`unknown instruction "${keyword}"`);
  }
}

function commandForm(rest: string): CommandForm {
  const exec = jsonArray(rest);
  return exec ? { args: exec, shell: false } : { args: [rest], shell: true };
}

/** Leading `--name=value` options; names outside `allowed` are errors. */
function takeFlags(words: string[], line: number, allowed: string[]): { flags: Record<string, string>; words: string[] } {
  const flags: Record<string, string> = {};
  let index = 0;
  for (; index < words.length && words[index]!.startsWith('--'); index++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(words[index]!);
    if (!match || !allowed.includes(match[1]!)) throw invalid(line, `unknown flag ${words[index]}`);
    flags[match[1]!] = match[2] ?? 'true';
  }
  return { flags, words: words.slice(index) };
}

/** `KEY=value …`, or the legacy single `KEY value with spaces`. */
function keyValuePairs(rest: string, escape: string, lookup: Lookup, keyword: string): [string, string][] {
  const words = rawWords(rest, escape);
  if (!words[0]!.includes('=')) {
    if (keyword === 'LABEL' || words.length < 2) throw new Error(`${keyword} needs KEY=value`);
    const value = rest.slice(rest.indexOf(words[0]!) + words[0]!.length).trim();
    return [[expandWord(words[0]!, lookup, escape), expandWord(value, lookup, escape)]];
  }
  return words.map((word) => {
    const at = word.indexOf('=');
    if (at <= 0) throw new Error(`${keyword}: "${word}" is not KEY=value`);
    return [expandWord(word.slice(0, at), lookup, escape), expandWord(word.slice(at + 1), lookup, escape)];
  });
}

function argPairs(rest: string, escape: string, lookup: Lookup, line: number): [string, string | undefined][] {
  if (rest === '') throw invalid(line, 'ARG needs a name');
  return rawWords(rest, escape).map((word) => {
    const at = word.indexOf('=');
    const name = at === -1 ? word : word.slice(0, at);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw invalid(line, `invalid ARG name "${name}"`);
    return [name, at === -1 ? undefined : expandWord(word.slice(at + 1), lookup, escape)];
  });
}
