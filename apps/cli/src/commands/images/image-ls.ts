import type { ImageListQuery, ImageSummary } from '@berth/contracts';
import { formatBytes } from '@berth/runtime/model';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { CliError } from '../../cli-error.js';
import { filters } from '../../options/key-values.js';
import { repeatable } from '../../options/repeatable.js';
import { timeAgo } from '@berth/contracts';
import { printJson, withOutputOption, type OutputFormat } from '../../output/output-format.js';
import { shortId } from '../../output/short-id.js';
import { renderTable } from '../../output/table.js';
import { act } from '../act.js';
import { splitRepoTag } from './image-names.js';

interface ImageLsFlags {
  quiet?: boolean;
  filter?: string[];
  /** false with --no-trunc. */
  trunc: boolean;
  output: OutputFormat;
}

/** `images` and `image ls`: one row per name, as docker lists them (a dangling image gets one `<none>` row). */
export function defineImageLs(parent: Command, name: string, context: CliContext): Command {
  const command = parent
    .command(name)
    .description('list images')
    .argument('[reference]', 'only these: a name or glob (busybox, busybox:1.*)')
    .option('-q, --quiet', 'only ids')
    .option('--no-trunc', 'full ids')
    .option('-f, --filter <key=value>', 'reference=GLOB or dangling=true|false; repeatable', repeatable);
  withOutputOption(command).action(
    act(context, async (reference: string | undefined, flags: ImageLsFlags) => {
      const images = await context.client().images.listAll(queryOf(reference, flags.filter));
      if (flags.output === 'json') return printJson(context, images);
      const id = (image: ImageSummary) => (flags.trunc ? shortId(image.id) : image.id);
      if (flags.quiet) return context.out([...new Set(images.map(id))].map((line) => `${line}\n`).join(''));
      const rows = images.flatMap((image) =>
        (image.repoTags.length > 0 ? image.repoTags : ['<none>:<none>']).map((tag) => [
          ...splitRepoTag(tag),
          id(image),
          timeAgo(image.created),
          formatBytes(image.size),
        ]),
      );
      context.out(renderTable(['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'], rows));
    }),
  );
  return command;
}

function queryOf(reference: string | undefined, entries: string[] | undefined): ImageListQuery {
  const given = filters(entries, ['reference', 'dangling']);
  const references = [...(reference ? [reference] : []), ...(given['reference'] ?? [])];
  if (references.length > 1) throw new CliError('INVALID_FILTER', 'give one reference (argument or filter) at a time');
  const dangling = given['dangling']?.at(-1);
  if (dangling !== undefined && dangling !== 'true' && dangling !== 'false')
    throw new CliError('INVALID_FILTER', `dangling takes true or false, not "${dangling}"`);
  return { reference: references[0], dangling: dangling === undefined ? undefined : dangling === 'true' };
}
