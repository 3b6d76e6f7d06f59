import { BerthClient } from '@berth/contracts';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { CliError } from '../../cli-error.js';
import { saveClientConfig } from '../../config/client-config.js';
import { act } from '../act.js';
import { loginToRegistry, logoutOfRegistry, type RegistryLoginFlags } from './registry-login.js';

/**
 * `login --token T [--url U]`: checks the token against the server, then keeps it in the
 * config file so later commands need no BERTH_TOKEN. Scripts should rather pass BERTH_TOKEN.
 * `login REGISTRY`: a registry login the server keeps for pulls and pushes (registry-login.ts).
 */
export function registerLogin(program: Command, context: CliContext): void {
  program
    .command('login')
    .description('log in to a registry (REGISTRY, kept by the server for pulls and pushes), or check an API token and save it (--token)')
    .argument('[registry]', 'a registry host: ghcr.io, docker.io, 127.0.0.1:5000')
    .option('-u, --username <user>', 'the registry user (asked on a terminal when missing)')
    .option('-p, --password <password>', 'the registry password or token (insecure: prefer --password-stdin)')
    .option('--password-stdin', 'read the registry password or token from stdin')
    .option('--team', 'keep the login for the whole team (team admins), not only for you')
    .option('--insecure', 'speak plain HTTP to the registry (loopback registries always do)')
    .option('--token <token>', 'sign in to Berth: an API token (an admin creates them: berth token create)')
    .option('--url <url>', 'with --token: where Berth answers (default: BERTH_URL or the saved URL)')
    .action(
      act(context, async (registry: string | undefined, flags: RegistryLoginFlags & { token?: string; url?: string }) => {
        if (registry !== undefined) return loginToRegistry(context, registry, flags);
        if (flags.token === undefined) throw new CliError('INVALID_OPTION', 'name a registry (berth login ghcr.io) or sign in to Berth with --token');
        await signIn(context, flags.token, flags.url);
      }),
    );
}

async function signIn(context: CliContext, token: string, urlFlag: string | undefined): Promise<void> {
  const url = (urlFlag ?? context.config().url).replace(/\/+$/, '');
  if (!token.trim()) throw new CliError('INVALID_OPTION', '--token is empty');
  const me = await new BerthClient({ baseUrl: url, token: token.trim() }).auth.me();
  const path = saveClientConfig(context.env, { url, token: token.trim() });
  context.out(`Signed in to ${url} as ${me.user?.username ?? `token ${me.token?.name ?? ''}`} (${me.role} of ${me.team.name}); saved in ${path}\n`);
}

/** `logout`: forgets the saved token (it stays valid: revoke it with `berth token rm`); `logout REGISTRY`: drops a registry login. */
export function registerLogout(program: Command, context: CliContext): void {
  program
    .command('logout')
    .description('remove a registry login (REGISTRY), or the saved token from the config file (the token itself stays valid until revoked)')
    .argument('[registry]', 'a registry host whose login the server should forget')
    .option('--team', "the team's login for the registry, not yours")
    .action(
      act(context, async (registry: string | undefined, flags: { team?: boolean }) => {
        if (registry !== undefined) return logoutOfRegistry(context, registry, flags);
        const path = saveClientConfig(context.env, { token: undefined });
        context.out(`Removed the token from ${path}\n`);
      }),
    );
}
