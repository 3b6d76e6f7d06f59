import { posix } from 'node:path';
import { RE2JS } from 're2js';
import { ImageError, type ImageErrorCode } from '../image-error.js';

/**
 * `.dockerignore`: which paths of the build context a build may not see. The semantics are
 * Docker's: patterns are relative to the context root (a leading `/` is dropped), `*` and
 * `?` stay within one path segment, `**` spans any number of them, a pattern that matches a
 * directory also excludes everything below it, `!` re-includes, and the last matching
 * pattern decides.
 */
export interface IgnorePattern {
  source: string;
  negated: boolean;
  regex: GlobMatcher;
}

/** A compiled glob: whether a whole `/`-separated relative path matches it. */
export interface GlobMatcher {
  test(path: string): boolean;
}

export function parseDockerignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1).trim();
    line = cleanPattern(line);
    if (line === '') continue;
    // A pattern naming a directory covers everything below it: the path or any parent matches.
    patterns.push({ source: raw.trim(), negated, regex: compileGlob(line, { where: '.dockerignore', code: 'INVALID_DOCKERIGNORE', descendants: true }) });
  }
  return patterns;
}

/** Like Go's filepath.Clean on a relative pattern, which is what Docker compares against. */
function cleanPattern(pattern: string): string {
  const cleaned = posix.normalize(pattern.replace(/^\/+/, '')).replace(/\/+$/, '');
  return cleaned === '.' ? '' : cleaned;
}

/**
 * A glob compiled for matching whole `/`-separated relative paths. Exported because COPY
 * sources use the same wildcards. The expression runs on RE2 (re2js), whose matching time is
 * linear in the path: a pattern like `*a*a*a*a*a*a*b` or `(a+)+b` cannot make it backtrack on
 * the event loop, as JavaScript's RegExp (and libraries built on it) would.
 */
export function compileGlob(glob: string, options: { where?: string; code?: ImageErrorCode; descendants?: boolean } = {}): GlobMatcher {
  const { where = 'COPY', code = 'BUILD_FAILED', descendants = false } = options;
  let pattern: RE2JS;
  try {
    // (?s): `**` spans names with a newline in them too. With `descendants`, a path below a
    // match matches too, in the same single linear pass.
    pattern = RE2JS.compile(`(?s)${globToExpression(glob)}${descendants ? '(?:/.*)?' : ''}`);
  } catch (error) {
    throw new ImageError(code, `${where}: pattern ${JSON.stringify(glob)} is not a valid wildcard pattern (${(error as Error).message})`);
  }
  return { test: (path) => pattern.matches(path) };
}

/** The glob as an RE2 expression (anchored by `matches`); every other character is literal. */
function globToExpression(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        // `**` on its own segment matches zero or more whole segments.
        const atStart = i === 0 || glob[i - 1] === '/';
        const next = glob[i + 2];
        i += 1;
        if (atStart && next === '/') {
          out += '(?:.*/)?';
          i += 1;
        } else {
          out += '.*';
        }
      } else {
        out += '[^/]*';
      }
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) {
        out += '\\[';
      } else {
        let body = glob.slice(i + 1, end);
        if (body.startsWith('!') || body.startsWith('^')) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, '\\\\').replace(/\[/g, '\\[')}]`;
        i = end;
      }
    } else if (ch === '\\' && i + 1 < glob.length) {
      i += 1;
      out += escapeRegExp(glob[i]!);
    } else {
      out += escapeRegExp(ch);
    }
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export class IgnoreMatcher {
  readonly hasNegations: boolean;

  constructor(private readonly patterns: readonly IgnorePattern[]) {
    this.hasNegations = patterns.some((pattern) => pattern.negated);
  }

  static fromText(text: string): IgnoreMatcher {
    return new IgnoreMatcher(parseDockerignore(text));
  }

  /** Whether `relative` (a clean path inside the context, no leading `/`) is hidden. */
  excludes(relative: string): boolean {
    if (relative === '' || relative === '.') return false;
    let excluded = false;
    for (const pattern of this.patterns) if (pattern.regex.test(relative)) excluded = !pattern.negated;
    return excluded;
  }

  /**
   * Whether a walk may skip an excluded directory's subtree: only when no `!` pattern could
   * bring something below it back.
   */
  canSkipDirectory(relative: string): boolean {
    return !this.hasNegations && this.excludes(relative);
  }
}
