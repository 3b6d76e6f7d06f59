import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { DbError } from '../db-error.js';

export interface RunAsUser {
  name: string;
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root, so as root the cluster belongs to this system user. */
export const POSTGRES_SYSTEM_USER = 'berth-postgres';

/** The user the embedded cluster runs as: the caller, or a dedicated system user when the caller is root. */
export function resolveRunAsUser(): RunAsUser {
  const me = userInfo();
  if (me.uid !== 0) return { name: me.username, uid: me.uid, gid: me.gid };
  return lookupUser(POSTGRES_SYSTEM_USER) ?? createSystemUser(POSTGRES_SYSTEM_USER);
}

function lookupUser(name: string): RunAsUser | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { name, uid, gid };
  } catch {
    return undefined; // `id` exits non-zero for an unknown user
  }
}

function createSystemUser(name: string): RunAsUser {
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', name], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (error) {
    throw new DbError(
      'PG_USER_FAILED',
      `could not create the system user ${name} that runs the embedded PostgreSQL (${String(error)}); create it by hand or set DATABASE_URL`,
      {
        cause: error,
      },
    );
  }
  const created = lookupUser(name);
  if (!created) throw new DbError('PG_USER_FAILED', `created system user ${name} but cannot look it up`);
  return created;
}
