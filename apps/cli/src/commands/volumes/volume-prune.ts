import { formatBytes } from '@berth/runtime/model';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { filters } from '../../options/key-values.js';
import { repeatable } from '../../options/repeatable.js';
import { printJson, withOutputOption, type OutputFormat } from '../../output/output-format.js';
import { act } from '../act.js';
import { confirmOrForce } from '../confirm.js';

export function defineVolumePrune(parent: Command, context: CliContext): Command {
  const command = parent
    .command('prune')
    .description('remove every volume no container mounts, with its data')
    .option('-f, --force', 'do not ask')
    .option('--filter <label=KEY[=VALUE]>', 'only volumes with this label; repeatable', repeatable);
  return withOutputOption(command).action(
    act(context, async (flags: { force?: boolean; filter?: string[]; output: OutputFormat }) => {
      const label = filters(flags.filter, ['label'])['label'];
      if (!(await confirmOrForce(context, 'Remove every volume no container mounts, with its data?', flags.force))) return;
      const result = await context.client().volumes.prune({ label });
      if (flags.output === 'json') return printJson(context, result);
      if (result.volumesDeleted.length > 0) context.out(`Deleted Volumes:\n${result.volumesDeleted.map((name) => `${name}\n`).join('')}\n`);
      context.out(`Total reclaimed space: ${formatBytes(result.spaceReclaimedBytes)}\n`);
    }),
  );
}
