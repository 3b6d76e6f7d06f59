import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { isDirectoryStat } from '@berth/contracts';
import type { CliContext } from '../../../cli-context.js';
import { CliError } from '../../../cli-error.js';
import { extractLocal } from './local-extract.js';

/**
 * `berth cp CONTAINER:SRC DEST`: as docker does, into DEST when it is a directory, else as
 * DEST (a new name); `-` writes the tar itself to stdout.
 */
export async function copyOut(context: CliContext, container: string, source: string, destination: string): Promise<void> {
  if (destination === '-' && context.stdoutIsTTY) throw new CliError('INVALID_OPTION', 'refusing to write a tar to a terminal; redirect stdout or give a path');
  const { stat: found, body } = await context.client().containers.archive(container, source);
  const tar = Readable.fromWeb(body as ReadableStream<Uint8Array>);
  if (destination === '-') return pipeline(tar, process.stdout);
  const local = resolve(destination);
  const existing = await stat(local).catch(() => undefined);
  // The server names the entries from the source's last component, or `.` for `DIR/.` (its contents).
  const from = /(^|\/)\.$/.test(source) ? '.' : found.name;
  if (existing?.isDirectory()) return extractLocal(tar, local, from, from === '.' ? '' : from);
  if (existing && isDirectoryStat(found)) {
    tar.destroy();
    throw new CliError('INVALID_ARGUMENT', `cannot copy the directory ${source} onto the file ${destination}`);
  }
  if (!existing && destination.endsWith('/')) {
    tar.destroy();
    throw new CliError('FILE_NOT_FOUND', `the directory ${destination} does not exist`);
  }
  await extractLocal(tar, dirname(local), from, basename(local));
}
