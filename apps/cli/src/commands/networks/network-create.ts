import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { keyValues } from '../../options/key-values.js';
import { repeatable } from '../../options/repeatable.js';
import { act } from '../act.js';

interface NetworkCreateFlags {
  subnet?: string;
  internal?: boolean;
  label?: string[];
}

export function defineNetworkCreate(parent: Command, context: CliContext): Command {
  return parent
    .command('create')
    .description('create a bridge network; prints its id')
    .argument('<name>')
    .option('--subnet <cidr>', 'IPv4 subnet such as 10.90.1.0/24 (default: the next free /24 of the server pool)')
    .option('--internal', 'no way out: containers reach each other and nothing else')
    .option('-l, --label <KEY=value>', 'set a label; repeatable', repeatable)
    .action(
      act(context, async (name: string, flags: NetworkCreateFlags) => {
        const network = await context.client().networks.create({
          name,
          subnet: flags.subnet,
          internal: flags.internal,
          labels: flags.label ? keyValues('--label', flags.label, { allowBareKey: true }) : undefined,
        });
        context.out(`${network.id}\n`);
      }),
    );
}
