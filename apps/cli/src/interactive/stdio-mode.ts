import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';

/** How a session joins this process's stdio: whether stdin is sent, whether there is a terminal. */
export interface StdioMode {
  stdin: boolean;
  tty: boolean;
}

/**
 * The mode `-i` and `-t` ask for. Both together want keys from a terminal: with a pipe or a
 * file on stdin the container's terminal would wait for a Ctrl-D that never comes, so this
 * refuses, as docker does ("the input device is not a TTY").
 */
export function stdioMode(context: CliContext, flags: { interactive?: boolean; tty?: boolean }, exitCode = 1): StdioMode {
  const mode = { stdin: flags.interactive === true, tty: flags.tty === true };
  if (mode.stdin && mode.tty && !context.stdinIsTTY) {
    throw new CliError('NOT_A_TTY', 'the input device is not a terminal; drop -t to pipe input into the container', exitCode);
  }
  return mode;
}
