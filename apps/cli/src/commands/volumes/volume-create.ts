import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { keyValues } from '../../options/key-values.js';
import { repeatable } from '../../options/repeatable.js';
import { act } from '../act.js';

export function defineVolumeCreate(parent: Command, context: CliContext): Command {
  return parent
    .command('create')
    .description('create a named volume; prints its name')
    .argument('[name]', 'default: a generated one')
    .option('-l, --label <KEY=value>', 'set a label; repeatable', repeatable)
    .action(
      act(context, async (name: string | undefined, flags: { label?: string[] }) => {
        const volume = await context
          .client()
          .volumes.create({ name, labels: flags.label ? keyValues('--label', flags.label, { allowBareKey: true }) : undefined });
        context.out(`${volume.name}\n`);
      }),
    );
}
