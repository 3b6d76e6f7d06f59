import type { VolumeListQuery } from '@berth/contracts';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { CliError } from '../../cli-error.js';
import { filters } from '../../options/key-values.js';
import { repeatable } from '../../options/repeatable.js';
import { printJson, withOutputOption, type OutputFormat } from '../../output/output-format.js';
import { timeAgo } from '@berth/contracts';
import { renderTable } from '../../output/table.js';
import { act } from '../act.js';

interface VolumeLsFlags {
  quiet?: boolean;
  filter?: string[];
  output: OutputFormat;
}

export function defineVolumeLs(parent: Command, context: CliContext): Command {
  const command = parent
    .command('ls')
    .alias('list')
    .description('list volumes')
    .option('-q, --quiet', 'only names')
    .option('-f, --filter <key=value>', 'name=PART, label=KEY[=VALUE], dangling=true|false; repeatable', repeatable);
  return withOutputOption(command).action(
    act(context, async (flags: VolumeLsFlags) => {
      const volumes = await context.client().volumes.listAll(queryOf(flags.filter));
      if (flags.output === 'json') return printJson(context, volumes);
      if (flags.quiet) return context.out(volumes.map((volume) => `${volume.name}\n`).join(''));
      context.out(
        renderTable(
          ['DRIVER', 'VOLUME NAME', 'CONTAINERS', 'CREATED'],
          volumes.map((volume) => [volume.driver, volume.name, String(volume.refCount), timeAgo(volume.createdAt)]),
        ),
      );
    }),
  );
}

function queryOf(entries: string[] | undefined): VolumeListQuery {
  const given = filters(entries, ['name', 'label', 'dangling']);
  if ((given['name']?.length ?? 0) > 1) throw new CliError('INVALID_FILTER', 'give one name filter at a time');
  const dangling = given['dangling']?.at(-1);
  if (dangling !== undefined && dangling !== 'true' && dangling !== 'false')
    throw new CliError('INVALID_FILTER', `dangling takes true or false, not "${dangling}"`);
  return { name: given['name']?.[0], label: given['label'], dangling: dangling === undefined ? undefined : dangling === 'true' };
}
