import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { CliError } from '../../cli-error.js';
import { act } from '../act.js';

/** `load` and `image load`: a `docker save` or OCI archive from a file or stdin. */
export function defineLoad(parent: Command, name: string, context: CliContext): Command {
  return parent
    .command(name)
    .description('load images from a docker save or OCI archive')
    .option('-i, --input <file>', 'the archive (default stdin)')
    .option('-q, --quiet', 'print only the loaded references')
    .action(
      act(context, async (flags: { input?: string; quiet?: boolean }) => {
        const result = await context.client().images.load(await archiveBody(context, flags.input));
        for (const image of result.loaded) context.out(flags.quiet ? `${image.reference}\n` : `Loaded image: ${image.reference}\n`);
      }),
    );
}

async function archiveBody(context: CliContext, file: string | undefined): Promise<ReadableStream<Uint8Array>> {
  if (file === undefined) {
    if (context.stdinIsTTY) throw new CliError('INVALID_OPTION', 'no archive: give one with -i FILE, or pipe it in (berth load < image.tar)');
    return Readable.toWeb(process.stdin) as ReadableStream<Uint8Array>;
  }
  if (!(await stat(file).catch(() => undefined))?.isFile())
    throw new CliError('FILE_NOT_FOUND', `${file} is not a file; give the archive docker save or berth save wrote`);
  return Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
}
