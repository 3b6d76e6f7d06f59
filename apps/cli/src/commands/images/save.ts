import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { CliError } from '../../cli-error.js';
import { act } from '../act.js';

/** `save` and `image save`: an image as a `docker save` archive, to a file or stdout. */
export function defineSave(parent: Command, name: string, context: CliContext): Command {
  return parent
    .command(name)
    .description('write an image as a docker save archive')
    .argument('<image>')
    .option('-o, --output <file>', 'write here (default stdout, when it is not a terminal)')
    .action(
      act(context, async (image: string, flags: { output?: string }) => {
        // A terminal would only show binary noise, as docker says too.
        if (flags.output === undefined && context.stdoutIsTTY)
          throw new CliError('INVALID_OPTION', 'refusing to write an archive to a terminal; use -o FILE or redirect stdout');
        const archive = await context.client().images.save(image);
        const target: Writable = flags.output === undefined ? process.stdout : createWriteStream(flags.output);
        try {
          await pipeline(Readable.fromWeb(archive as import('node:stream/web').ReadableStream<Uint8Array>), target);
        } catch (error) {
          // Half an archive is worse than none: it would load as a broken image.
          if (flags.output !== undefined) await rm(flags.output, { force: true });
          throw new CliError('SAVE_FAILED', `the archive of ${image} could not be written (${(error as Error).message})`);
        }
      }),
    );
}
