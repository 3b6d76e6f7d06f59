import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * The calls through which Berth's code starts a host program with its name as a literal first
 * argument: node:child_process itself, and the project's thin wrappers over it (runTool,
 * promisified execFile `run`, the benchmarks' runProcess and findBinary).
 */
const SPAWN_CALL = /\b(?:spawn|spawnSync|execFile|execFileSync|runTool|run|runProcess|findBinary|promisify\(execFile\))\(\s*'([^']+)'/g;

/** Production sources of a part: no specs, no test fixtures (`testing/`), no build output. */
export function productionSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !/\.(spec|test|e2e)\.ts$/.test(path) && !path.split('/').includes('testing'));
}

/** Each program name spawned by literal in these files, with the files that spawn it. */
export function spawnedTools(files: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(SPAWN_CALL)) {
      const tool = basename(match[1]!);
      found.set(tool, [...new Set([...(found.get(tool) ?? []), file])]);
    }
  }
  return found;
}
