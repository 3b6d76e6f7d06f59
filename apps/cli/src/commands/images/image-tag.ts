import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { act } from '../act.js';

/** `tag` and `image tag`: another name for an image (taken from any image that had it). */
export function defineImageTag(parent: Command, name: string, context: CliContext): Command {
  return parent
    .command(name)
    .description('give an image another name')
    .argument('<source>', 'the image: name, digest or id')
    .argument('<target>', 'the new name, e.g. 127.0.0.1:5000/app:1')
    .action(
      act(context, async (source: string, target: string) => {
        await context.client().images.tag(source, target);
      }),
    );
}
