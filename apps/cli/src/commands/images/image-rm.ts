import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { act } from '../act.js';
import { eachTarget } from '../each-target.js';

/** `rmi` and `image rm`: untag, and remove the image once no name is left, as docker reports it. */
export function defineImageRm(parent: Command, name: string, context: CliContext): Command {
  return parent
    .command(name)
    .description('remove images (or names of them)')
    .argument('<image...>')
    .option('-f, --force', 'remove every name of an image given by id, and untag images containers use')
    .action(
      act(context, (images: string[], flags: { force?: boolean }) =>
        eachTarget(context, images, async (image) => {
          const result = await context.client().images.remove(image, { force: flags.force });
          return [...result.untagged.map((tag) => `Untagged: ${tag}`), ...result.deleted.map((digest) => `Deleted: ${digest}`)].join('\n') || undefined;
        }),
      ),
    );
}
