import { BerthClient } from '@berth/contracts';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { CliError } from '../../cli-error.js';
import { saveClientConfig } from '../../config/client-config.js';
import { act } from '../act.js';

/**
 * `login --token T [--url U]`: checks the token against the server, then keeps it in the
 * config file so later commands need no BERTH_TOKEN. Scripts should rather pass BERTH_TOKEN.
 */
export function registerLogin(program: Command, context: CliContext): void {
  program
    .command('login')
    .description('check an API token and save it (with the URL) in ~/.config/berth/config.json')
    .requiredOption('--token <token>', 'an API token (an admin creates them: berth token create)')
    .option('--url <url>', 'where Berth answers (default: BERTH_URL or the saved URL)')
    .action(
      act(context, async (flags: { token: string; url?: string }) => {
        const url = (flags.url ?? context.config().url).replace(/\/+$/, '');
        if (!flags.token.trim()) throw new CliError('INVALID_OPTION', '--token is empty');
        const me = await new BerthClient({ baseUrl: url, token: flags.token.trim() }).auth.me();
        const path = saveClientConfig(context.env, { url, token: flags.token.trim() });
        context.out(`Signed in to ${url} as ${me.user?.username ?? `token ${me.token?.name ?? ''}`} (${me.role} of ${me.team.name}); saved in ${path}\n`);
      }),
    );
}

/** `logout`: forgets the saved token (it stays valid: revoke it with `berth token rm`). */
export function registerLogout(program: Command, context: CliContext): void {
  program
    .command('logout')
    .description('remove the saved token from the config file (the token itself stays valid until revoked)')
    .action(
      act(context, async () => {
        const path = saveClientConfig(context.env, { token: undefined });
        context.out(`Removed the token from ${path}\n`);
      }),
    );
}
