import { registryHostOf } from '@berth/contracts';
import type { CliContext } from '../../cli-context.js';
import { CliError } from '../../cli-error.js';
import { promptHidden, promptLine, readStdinSecret } from './read-secret.js';

export interface RegistryLoginFlags {
  username?: string;
  password?: string;
  passwordStdin?: boolean;
  team?: boolean;
  insecure?: boolean;
}

/**
 * `berth login REGISTRY`: the server checks the login with the registry and keeps it (sealed)
 * for your pulls and pushes there, or the team's with `--team`. Nothing is written locally.
 */
export async function loginToRegistry(context: CliContext, registry: string, flags: RegistryLoginFlags): Promise<void> {
  if (flags.password !== undefined && flags.passwordStdin) throw new CliError('INVALID_OPTION', '--password and --password-stdin exclude each other');
  // Like docker: a password in argv is visible in `ps` and shell history.
  if (flags.password !== undefined) context.err('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n');
  const username = flags.username ?? (await askUsername(context));
  const password = flags.password ?? (flags.passwordStdin ? await readStdinSecret('password') : await askPassword(context));
  const stored = await context
    .client()
    .registryCredentials.login({ registry, username, password, scope: flags.team ? 'team' : 'user', insecure: flags.insecure });
  context.out(`Login Succeeded: ${stored.username} at ${stored.registry}, kept for ${stored.scope === 'team' ? `team ${stored.owner}` : 'you'}\n`);
}

/** `berth logout REGISTRY [--team]`: forgets your (or the team's) login there. */
export async function logoutOfRegistry(context: CliContext, registry: string, flags: { team?: boolean }): Promise<void> {
  const host = registryHostOf(registry);
  if (!host) throw new CliError('INVALID_ARGUMENT', `"${registry}" is not a registry host such as ghcr.io or 127.0.0.1:5000`);
  const scope = flags.team ? 'team' : 'user';
  const stored = (await context.client().registryCredentials.listAll()).find((login) => login.registry === host && login.scope === scope);
  if (!stored)
    throw new CliError(
      'NOT_LOGGED_IN',
      `no ${scope === 'team' ? "team's" : ''} login for ${host}${scope === 'user' ? ' of yours' : ''} (see berth registry ls)`,
    );
  await context.client().registryCredentials.remove(stored.id);
  context.out(`Removed the login for ${host}\n`);
}

async function askUsername(context: CliContext): Promise<string> {
  if (!context.stdinIsTTY) throw new CliError('INVALID_OPTION', 'give the registry user name with -u (stdin is not a terminal to ask on)');
  const username = await promptLine('Username: ', context.err);
  if (!username) throw new CliError('INVALID_OPTION', 'no user name given');
  return username;
}

async function askPassword(context: CliContext): Promise<string> {
  if (!context.stdinIsTTY) throw new CliError('INVALID_OPTION', 'give the password with --password-stdin (stdin is not a terminal to ask on)');
  const password = await promptHidden('Password: ', context.err);
  if (!password) throw new CliError('INVALID_OPTION', 'no password given');
  return password;
}
