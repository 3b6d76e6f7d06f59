import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const MAX_SHOWN = 20;

/** What made each project's run fail, as vitest.failure-summary.ts wrote it: failed tests, failing hooks and files, errors no test owned. */
export function readFailures(dir) {
  const failures = [];
  for (const file of existsSync(dir) ? readdirSync(dir) : []) {
    const { failures: found } = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    for (const failure of found) failures.push({ project: file.replace(/\.json$/, ''), ...failure });
  }
  return failures;
}

/** Repeated at the end of `npm test`: a log read from its tail then still names the cause. */
export function printFailures(failures, say) {
  if (failures.length === 0) return;
  say(`what failed (${failures.length}):`);
  for (const failure of failures.slice(0, MAX_SHOWN)) {
    console.error(`  [${failure.project}] ${failure.kind}: ${failure.where}`);
    console.error(failure.message.replace(/^/gm, '      '));
  }
  if (failures.length > MAX_SHOWN) console.error(`  … and ${failures.length - MAX_SHOWN} more (see above)`);
}
