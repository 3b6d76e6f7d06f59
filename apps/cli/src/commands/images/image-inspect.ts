import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { printJson, withOutputOption } from '../../output/output-format.js';
import { act } from '../act.js';
import { eachTarget } from '../each-target.js';

/** `image inspect`: the full JSON of each image, as an array like docker's. */
export function defineImageInspect(parent: Command, context: CliContext): Command {
  const command = parent.command('inspect').description('full details of images, as JSON').argument('<image...>');
  return withOutputOption(command, 'json').action(
    act(context, async (images: string[]) => {
      const found: unknown[] = [];
      const status = await eachTarget(context, images, async (image) => void found.push(await context.client().images.inspect(image)));
      printJson(context, found);
      return status;
    }),
  );
}
