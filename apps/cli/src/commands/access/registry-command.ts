import { timeAgo } from '@berth/contracts';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { printJson, withOutputOption, type OutputFormat } from '../../output/output-format.js';
import { renderTable } from '../../output/table.js';
import { act } from '../act.js';

/** `registry ls`: the registry logins your pulls and pushes use (yours first, then the team's); never the secrets. */
export function registerRegistry(program: Command, context: CliContext): void {
  const registry = program.command('registry').description('registry logins kept by the server (add: berth login REGISTRY, remove: berth logout REGISTRY)');
  withOutputOption(registry.command('ls').alias('list').description("list your registry logins and your team's (never their secrets)")).action(
    act(context, async (flags: { output: OutputFormat }) => {
      const logins = await context.client().registryCredentials.listAll();
      if (flags.output === 'json') return printJson(context, logins);
      context.out(
        renderTable(
          ['REGISTRY', 'USERNAME', 'SCOPE', 'OWNER', 'UPDATED'],
          logins.map((login) => [login.registry, login.username, login.scope, login.owner, timeAgo(login.updatedAt)]),
        ),
      );
    }),
  );
}
