// Installs the workspace's npm dependencies when they are missing or stale (package-lock.json
// or Node changed since the last install). Plain Node with no dependencies: it runs before
// anything is installed. Usable as a script or imported.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WORKSPACE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STAMP = join(WORKSPACE_ROOT, 'node_modules', '.berth-install-stamp');

function wantedStamp() {
  const lock = readFileSync(join(WORKSPACE_ROOT, 'package-lock.json'));
  return createHash('sha256').update(lock).update(process.version).digest('hex');
}

export function ensureInstall({ log = (line) => console.error(`berth: ${line}`) } = {}) {
  const wanted = wantedStamp();
  const have = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : '';
  if (have === wanted) return false;
  log(have ? 'dependencies changed: running npm ci' : 'installing dependencies: npm ci (first run)');
  // npm ci installs exactly the lock file; install scripts of dependencies stay off (npm 11's
  // default) — everything native that Berth needs is built by the project's own targets.
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: WORKSPACE_ROOT, stdio: 'inherit' });
  writeFileSync(STAMP, `${wanted}\n`);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) ensureInstall();
