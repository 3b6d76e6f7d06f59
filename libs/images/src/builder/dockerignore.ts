import { posix } from 'node:path';

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
  regex: RegExp;
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
    patterns.push({ source: raw.trim(), negated, regex: globToRegExp(line) });
  }
  return patterns;
}

/** Like Go's filepath.Clean on a relative pattern, which is what Docker compares against. */
function cleanPattern(pattern: string): string {
  const cleaned = posix.normalize(pattern.replace(/^\/+/, '')).replace(/\/+$/, '');
  return cleaned === '.' ? '' : cleaned;
}

/**
 * A glob as an anchored regular expression over `/`-separated relative paths. Exported
 * because COPY sources use the same wildcards.
 */
export function globToRegExp(glob: string): RegExp {
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
        out += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (ch === '\\' && i + 1 < glob.length) {
      i += 1;
      out += escapeRegExp(glob[i]!);
    } else {
      out += escapeRegExp(ch);
    }
  }
  return new RegExp(`^${out}$`);
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
    const prefixes = ancestorsAndSelf(relative);
    let excluded = false;
    for (const pattern of this.patterns) {
      // A pattern naming a directory covers its contents: test the path and each parent.
      if (prefixes.some((prefix) => pattern.regex.test(prefix))) excluded = !pattern.negated;
    }
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

function ancestorsAndSelf(relative: string): string[] {
  const parts = relative.split('/');
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'));
}
