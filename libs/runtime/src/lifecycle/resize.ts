import { readlink } from 'node:fs/promises';
import { RuntimeError } from '../model/runtime-error.js';
import { runTool } from '../network/run-tool.js';
import { isAlive } from '../util/proc.js';
import { loadContainer, type RuntimeContext } from './context.js';

/**
 * A terminal container's new window size (`docker run -it` follows the user's terminal): set
 * on the pty the container's init holds, through that process's own descriptor, so the
 * kernel signals its foreground process group with SIGWINCH as a real terminal would. The
 * shim keeps the master; the slave end takes the same ioctl, and stty is what does it.
 */
export async function resizeTerminal(context: RuntimeContext, id: string, rows: number, cols: number): Promise<void> {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1 || rows > 65535 || cols > 65535) {
    throw new RuntimeError('EINVAL', `terminal size ${rows}x${cols} is out of range (1 to 65535)`);
  }
  const state = await loadContainer(context, id);
  if (!state.init || !(await isAlive(state.init))) throw new RuntimeError('NOT_RUNNING', `container ${id}: container not running`);
  const device = await terminalOf(state.init.pid);
  if (!device) throw new RuntimeError('NOT_A_TERMINAL', `container ${id} has no terminal to resize (it was not created with one)`);
  await runTool('stty', ['-F', device, 'rows', String(rows), 'cols', String(cols)], { what: `resizing the terminal of container ${id}` });
}

/** The first of the process's stdio descriptors that is a pty, as a path the host can open. */
async function terminalOf(pid: number): Promise<string | undefined> {
  for (const fd of [0, 1, 2]) {
    const path = `/proc/${pid}/fd/${fd}`;
    const target = await readlink(path).catch(() => '');
    if (target.startsWith('/dev/pts/')) return path;
  }
  return undefined;
}
