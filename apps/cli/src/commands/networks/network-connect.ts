import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { repeatable } from '../../options/repeatable.js';
import { act } from '../act.js';

export function defineNetworkConnect(parent: Command, context: CliContext): Command {
  return parent
    .command('connect')
    .description('put a container on a network (a running one at once)')
    .argument('<network>')
    .argument('<container>')
    .option('--alias <name>', 'another name the others on the network know it by; repeatable', repeatable)
    .action(
      act(context, async (network: string, container: string, flags: { alias?: string[] }) => {
        await context.client().networks.connect(network, { container, aliases: flags.alias });
      }),
    );
}

export function defineNetworkDisconnect(parent: Command, context: CliContext): Command {
  return parent
    .command('disconnect')
    .description('take a container off a network')
    .argument('<network>')
    .argument('<container>')
    .action(
      act(context, async (network: string, container: string) => {
        await context.client().networks.disconnect(network, { container });
      }),
    );
}
