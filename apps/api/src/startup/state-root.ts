import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StartupError } from './startup-error.js';

/**
 * Creates the state root when missing and proves it is writable (root passes
 * permission checks, but not a read-only file system), before anything is started in it.
 */
export function prepareStateRoot(root: string): void {
  const probe = join(root, `.write-test-${process.pid}`);
  try {
    mkdirSync(root, { recursive: true, mode: 0o711 });
    accessSync(root, constants.W_OK | constants.X_OK);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new StartupError('STATE_ROOT_UNWRITABLE', `cannot write the state root ${root} (${code}); set BERTH_ROOT to a writable directory`, { cause: error });
  }
}
