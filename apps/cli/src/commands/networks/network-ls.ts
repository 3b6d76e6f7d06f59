import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { timeAgo } from '@berth/contracts';
import { printJson, withOutputOption, type OutputFormat } from '../../output/output-format.js';
import { renderTable } from '../../output/table.js';
import { act } from '../act.js';

export function defineNetworkLs(parent: Command, context: CliContext): Command {
  const command = parent.command('ls').alias('list').description('list networks').option('-q, --quiet', 'only names');
  return withOutputOption(command).action(
    act(context, async (flags: { quiet?: boolean; output: OutputFormat }) => {
      const networks = await context.client().networks.listAll();
      if (flags.output === 'json') return printJson(context, networks);
      if (flags.quiet) return context.out(networks.map((network) => `${network.name}\n`).join(''));
      context.out(
        renderTable(
          ['NETWORK ID', 'NAME', 'DRIVER', 'SUBNET', 'INTERNAL', 'CREATED'],
          networks.map((network) => [
            network.id.slice(0, 12),
            network.name,
            network.driver,
            network.subnet,
            network.internal ? 'yes' : 'no',
            timeAgo(network.createdAt),
          ]),
        ),
      );
    }),
  );
}
