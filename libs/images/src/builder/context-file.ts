import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveInRoot } from './merged-view.js';
import { ImageError, type ImageErrorCode } from '../image-error.js';

/**
 * Reads a small text file of the build context (`.dockerignore`, the Dockerfile) the way the
 * context's author cannot turn against the host: symlinks are resolved inside the context as
 * if it were the root (a link to `/dev/zero` means `<context>/dev/zero`), the last component
 * is opened O_NOFOLLOW|O_NONBLOCK, and only a regular file of at most `maxBytes` is read — a
 * FIFO, device or `/proc` file never is. Undefined when there is no such file.
 */
export async function readContextFile(context: string, relative: string, maxBytes: number, code: ImageErrorCode): Promise<string | undefined> {
  const resolved = await resolveInRoot(context, relative, true);
  let handle;
  try {
    handle = await open(join(context, resolved), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw new ImageError(code, `cannot open ${relative} of the build context: ${(error as Error).message}`, { cause: error });
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new ImageError(code, `${relative} of the build context is not a regular file; refused`);
    if (info.size > maxBytes) throw new ImageError(code, `${relative} of the build context is larger than ${maxBytes} bytes; refused`);
    const buffer = Buffer.alloc(info.size);
    const { bytesRead } = await handle.read(buffer, 0, info.size, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
