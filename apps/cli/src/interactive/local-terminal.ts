import type { TerminalSize } from '@berth/contracts';

/**
 * Raw mode for this process's terminal, so that every key (Ctrl-C, Ctrl-D, arrows) goes to
 * the container's terminal instead of being acted on here. Returns what undoes it, which the
 * session calls as it ends, before anything else is printed or done. Node itself puts the
 * terminal back when the process exits, even on an uncaught error or death by SIGINT or
 * SIGTERM, but not on death by SIGHUP: the sessions catch that one (signal-proxy.ts). A
 * terminal left raw shows no echo and edits no lines until the user types `reset`. Does
 * nothing when stdin is not a terminal.
 */
export function enterRawMode(stdin: NodeJS.ReadStream = process.stdin): () => void {
  if (!stdin.isTTY) return () => undefined;
  stdin.setRawMode(true);
  let raw = true;
  return () => {
    if (raw) stdin.setRawMode(false);
    raw = false;
  };
}

/** The size of the terminal our output goes to (docker sizes the container's by it too); undefined when it is not one. */
export function terminalSize(stdout: NodeJS.WriteStream = process.stdout): TerminalSize | undefined {
  if (!stdout.isTTY || !stdout.rows || !stdout.columns) return undefined;
  return { rows: stdout.rows, cols: stdout.columns };
}

/** Calls `resized` with each new size (Node turns SIGWINCH into the stream's `resize`); returns what stops it. */
export function watchTerminalSize(resized: (size: TerminalSize) => void, stdout: NodeJS.WriteStream = process.stdout): () => void {
  if (!stdout.isTTY) return () => undefined;
  const onResize = () => {
    const size = terminalSize(stdout);
    if (size) resized(size);
  };
  stdout.on('resize', onResize);
  return () => stdout.off('resize', onResize);
}
