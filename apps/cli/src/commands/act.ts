import type { CliContext } from '../cli-context.js';

/**
 * A commander action that hands the command's exit status to the context. Commands return
 * their status instead of calling process.exit, so they run the same in tests as in a shell.
 */
export function act<A extends unknown[]>(context: CliContext, command: (...args: A) => Promise<number | void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const code = await command(...args);
    if (typeof code === 'number') context.setExitCode(code);
  };
}
