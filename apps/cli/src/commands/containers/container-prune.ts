import { formatBytes } from '@berth/runtime/model';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { filters } from '../../options/key-values.js';
import { repeatable } from '../../options/repeatable.js';
import { printJson, withOutputOption, type OutputFormat } from '../../output/output-format.js';
import { act } from '../act.js';
import { confirmOrForce } from '../confirm.js';

/** `container prune`: the one `container` subcommand whose verb is not also top-level. */
export function registerContainer(program: Command, context: CliContext): void {
  const container = program.command('container').description('manage containers as a group');
  const command = container
    .command('prune')
    .description('remove every container that is neither running nor paused')
    .option('-f, --force', 'do not ask')
    .option(
      '--filter <label=KEY[=VALUE]|until=TIME>',
      'only containers with this label, or created before TIME (RFC 3339, unix seconds); repeatable',
      repeatable,
    );
  withOutputOption(command).action(
    act(context, async (flags: { force?: boolean; filter?: string[]; output: OutputFormat }) => {
      const chosen = filters(flags.filter, ['label', 'until']);
      if (!(await confirmOrForce(context, 'Remove every stopped container?', flags.force))) return;
      const result = await context.client().containers.prune({ label: chosen['label'], until: chosen['until']?.at(-1) });
      if (flags.output === 'json') return printJson(context, result);
      if (result.containersDeleted.length > 0) context.out(`Deleted Containers:\n${result.containersDeleted.map((id) => `${id}\n`).join('')}\n`);
      context.out(`Total reclaimed space: ${formatBytes(result.spaceReclaimedBytes)}\n`);
    }),
  );
}
