import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { act } from '../act.js';
import { eachTarget } from '../each-target.js';

export function defineNetworkRm(parent: Command, context: CliContext): Command {
  return parent
    .command('rm')
    .alias('remove')
    .description('remove networks with their bridges (refused while a container is on one)')
    .argument('<network...>')
    .action(act(context, (names: string[]) => eachTarget(context, names, async (name) => (await context.client().networks.remove(name), name))));
}
