import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { filters } from '../../options/key-values.js';
import { repeatable } from '../../options/repeatable.js';
import { printJson, withOutputOption, type OutputFormat } from '../../output/output-format.js';
import { act } from '../act.js';
import { confirmOrForce } from '../confirm.js';

export function defineNetworkPrune(parent: Command, context: CliContext): Command {
  const command = parent
    .command('prune')
    .description('remove every network no container is on (the default bridge stays)')
    .option('-f, --force', 'do not ask')
    .option('--filter <label=KEY[=VALUE]>', 'only networks with this label; repeatable', repeatable);
  return withOutputOption(command).action(
    act(context, async (flags: { force?: boolean; filter?: string[]; output: OutputFormat }) => {
      const label = filters(flags.filter, ['label'])['label'];
      if (!(await confirmOrForce(context, 'Remove every network no container is on?', flags.force))) return;
      const result = await context.client().networks.prune({ label });
      if (flags.output === 'json') return printJson(context, result);
      if (result.networksDeleted.length > 0) context.out(`Deleted Networks:\n${result.networksDeleted.map((name) => `${name}\n`).join('')}`);
    }),
  );
}
