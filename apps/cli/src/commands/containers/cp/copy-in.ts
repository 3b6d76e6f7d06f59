import { stat } from 'node:fs/promises';
import { basename, posix, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { BerthApiError, isDirectoryStat } from '@berth/contracts';
import type { CliContext } from '../../../cli-context.js';
import { CliError } from '../../../cli-error.js';
import { tarStream } from '../../images/build-context/tar-writer.js';
import { localTree } from './local-tree.js';

/**
 * `berth cp SRC CONTAINER:DEST`: into DEST when it is a directory in the container, else as
 * DEST (into its parent, renamed); `-` sends stdin, a tar, into the directory DEST.
 */
export async function copyIn(context: CliContext, source: string, container: string, destination: string): Promise<void> {
  const client = context.client().containers;
  if (source === '-') {
    if (context.stdinIsTTY) throw new CliError('INVALID_OPTION', 'no tar on stdin: pipe one in (tar -c … | berth cp - CONTAINER:DIR)');
    return client.extract(container, destination, Readable.toWeb(process.stdin) as ReadableStream<Uint8Array>);
  }
  const local = resolve(source);
  const localStats = await stat(local).catch(() => undefined);
  if (!localStats) throw new CliError('FILE_NOT_FOUND', `no such file or directory: ${source}`);
  const target = await destinationStat(context, container, destination);
  if (target && !isDirectoryStat(target) && localStats.isDirectory())
    throw new CliError('INVALID_ARGUMENT', `cannot copy the directory ${source} onto the file ${container}:${destination}`);
  if (!target && destination.endsWith('/')) throw new CliError('FILE_NOT_FOUND', `the directory ${destination} does not exist in ${container}`);
  const [directory, name] = target && isDirectoryStat(target) ? [destination, basename(local)] : [posix.dirname(destination), posix.basename(destination)];
  const body = Readable.toWeb(Readable.from(tarStream(localTree(local, name)))) as ReadableStream<Uint8Array>;
  await client.extract(container, directory, body);
}

/** The destination's stat, or undefined when nothing is there (the container itself must exist). */
async function destinationStat(context: CliContext, container: string, destination: string) {
  await context.client().containers.inspect(container);
  try {
    return await context.client().containers.statPath(container, destination);
  } catch (error) {
    if (error instanceof BerthApiError && error.status === 404) return undefined;
    throw error;
  }
}
