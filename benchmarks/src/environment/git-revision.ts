import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKSPACE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The commit the benchmarked code came from. BERTH_GIT_REVISION (or CI's GITHUB_SHA) wins;
 * otherwise .git is read directly rather than by running git, which a benchmark host or
 * container image need not have installed. A dirty work tree is not detected.
 */
export function gitRevision(env: NodeJS.ProcessEnv = process.env, root = WORKSPACE_ROOT): string | undefined {
  const given = env['BERTH_GIT_REVISION'] || env['GITHUB_SHA'];
  if (given) return given;
  const gitDir = findGitDir(root);
  if (!gitDir) return undefined;
  try {
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    const ref = /^ref: (.+)$/.exec(head)?.[1];
    if (!ref) return head; // detached HEAD holds the commit itself
    // A linked worktree keeps its HEAD but shares refs with the main repository (`commondir`).
    const common = existsSync(join(gitDir, 'commondir')) ? join(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim()) : gitDir;
    const loose = join(common, ref);
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
    // After `git gc` the ref lives in packed-refs as "<sha> <ref>".
    const packed = readFileSync(join(common, 'packed-refs'), 'utf8');
    return packed
      .split('\n')
      .find((line) => line.endsWith(` ${ref}`))
      ?.split(' ')[0];
  } catch {
    return undefined;
  }
}

/** The .git directory at or above `start`; a worktree's `.git` file points to its real one. */
function findGitDir(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, '.git');
    if (existsSync(join(candidate, 'HEAD'))) return candidate;
    if (existsSync(candidate)) {
      const pointer = /^gitdir: (.+)$/m.exec(readFileSync(candidate, 'utf8'))?.[1];
      if (pointer) return pointer.startsWith('/') ? pointer : join(dir, pointer);
    }
    if (dirname(dir) === dir) return undefined;
  }
}
