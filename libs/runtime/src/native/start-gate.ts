import { closeSync, constants, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeError } from '../model/runtime-error.js';

/**
 * Opens a created container's start gate: one byte into `<state dir>/exec.fifo`, whose read
 * end the shim holds (native/README.md). Done here rather than by running `berth-shim start`,
 * which would cost a process spawn on every start; the C command stays for shell use.
 */
export function openStartGate(stateDir: string, what: string): void {
  const path = join(stateDir, 'exec.fifo');
  let fd: number;
  try {
    // Non-blocking: ENXIO at once instead of hanging when no shim holds the read end.
    fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new RuntimeError('ENOENT', `${what}: container is not in created state`);
    if (code === 'ENXIO') throw new RuntimeError('ESRCH', `${what}: shim is not running`);
    throw new RuntimeError(code ?? 'EIO', `${what}: opening ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    writeSync(fd, 's');
  } catch (error) {
    throw new RuntimeError((error as NodeJS.ErrnoException).code ?? 'EIO', `${what}: writing ${path}: ${(error as Error).message}`, { cause: error });
  } finally {
    closeSync(fd);
  }
  // A handed-off container (CreateOptions.stdio 'inherit') has no shim to remove the spent gate.
  rmSync(path, { force: true });
}
