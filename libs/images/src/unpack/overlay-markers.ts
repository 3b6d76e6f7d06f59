import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ImageError } from '../image-error.js';

const run = promisify(execFile);

/**
 * OCI whiteouts turned into what overlayfs understands in a lower directory. Node has no
 * mknod(2) or setxattr(2), so the coreutils/attr tools do it; whiteouts are rare enough in
 * real layers that a process per marker is affordable.
 */

/** `.wh.<name>` → a 0:0 character device named <name>: overlay hides <name> of lower layers. */
export async function makeWhiteout(path: string): Promise<void> {
  try {
    await run('mknod', [path, 'c', '0', '0']);
  } catch (error) {
    throw new ImageError('UNPACK_FAILED', `making the overlay whiteout ${path}: ${(error as Error).message.trim()}`, { cause: error });
  }
}

/** `.wh..wh..opq` → the directory is opaque: nothing of lower layers shows through it. */
export async function makeOpaque(dir: string): Promise<void> {
  try {
    await run('setfattr', ['-n', 'trusted.overlay.opaque', '-v', 'y', dir]);
  } catch (error) {
    throw new ImageError('UNPACK_FAILED', `marking ${dir} opaque (needs setfattr from the attr package): ${(error as Error).message.trim()}`, {
      cause: error,
    });
  }
}
