import { formatBytes } from '@berth/runtime/model';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { printJson, withOutputOption, type OutputFormat } from '../../output/output-format.js';
import { act } from '../act.js';
import { confirmOrForce } from '../confirm.js';

/** `image prune`: untagged images no container uses, and store content nothing refers to. */
export function defineImagePrune(parent: Command, context: CliContext): Command {
  const command = parent.command('prune').description('remove untagged images no container uses').option('-f, --force', 'do not ask');
  return withOutputOption(command).action(
    act(context, async (flags: { force?: boolean; output: OutputFormat }) => {
      if (!(await confirmOrForce(context, 'Remove every untagged image no container uses?', flags.force))) return;
      const result = await context.client().images.prune();
      if (flags.output === 'json') return printJson(context, result);
      if (result.deleted.length > 0) context.out(`Deleted Images:\n${result.deleted.map((digest) => `deleted: ${digest}\n`).join('')}\n`);
      context.out(`Total reclaimed space: ${formatBytes(result.reclaimedBytes)}\n`);
    }),
  );
}
