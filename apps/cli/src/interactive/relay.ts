import type { ContainerSocket, SocketClose } from './container-socket.js';
import { enterRawMode, watchTerminalSize } from './local-terminal.js';

/** Input accepted but not yet on the wire past which stdin is paused (a slow link, a large file piped in). */
const INPUT_HIGH_WATER = 1024 * 1024;

export interface RelayOptions {
  /** Send this process's stdin (`-i`). */
  stdin: boolean;
  /** The session has a terminal (`-t`): ours goes raw while we send it keys. */
  tty: boolean;
  /** The socket takes resize messages (exec's does, attach's does not). */
  resizes: boolean;
}

export interface RelayEnd {
  /** From the server's `exit` message, which only exec sends. */
  exitCode?: number;
  close: SocketClose;
}

/**
 * Joins this process's stdio to a container socket until the socket closes: output goes to
 * stdout or stderr by its stream, stdin goes out as it is read, and its end as `eof` (on a raw
 * terminal Ctrl-D is just a key for the container's). The terminal is left as it was found
 * however the session ends.
 */
export async function relay(socket: ContainerSocket, options: RelayOptions): Promise<RelayEnd> {
  let exitCode: number | undefined;
  let draining = false;
  socket.listen((frame) => {
    if (frame.type === 'exit') {
      exitCode = frame.exitCode;
      return;
    }
    const target = frame.stream === 'stderr' ? process.stderr : process.stdout;
    // A slow reader of our output (a pager, a full pipe) slows the container's output down, not our memory.
    if (!target.write(frame.data) && !draining) {
      draining = true;
      socket.pause();
      target.once('drain', () => {
        draining = false;
        socket.resume();
      });
    }
  });
  const cleanups: (() => void)[] = [];
  try {
    if (options.tty && options.resizes) cleanups.push(watchTerminalSize((size) => socket.sendControl({ type: 'resize', ...size })));
    if (options.stdin) cleanups.push(relayStdin(socket, options.tty));
    const close = await socket.closed;
    return { exitCode, close };
  } finally {
    for (const cleanup of cleanups.reverse()) cleanup();
  }
}

/** Sends stdin until the session ends; returns what stops it and restores the terminal. */
function relayStdin(socket: ContainerSocket, tty: boolean): () => void {
  const stdin = process.stdin;
  const restoreTerminal = tty ? enterRawMode(stdin) : () => undefined;
  let active = true;
  const onData = (chunk: Buffer) => {
    socket.sendInput(chunk, () => {
      if (active && stdin.isPaused() && socket.bufferedAmount < INPUT_HIGH_WATER) stdin.resume();
    });
    if (socket.bufferedAmount >= INPUT_HIGH_WATER) stdin.pause();
  };
  const onEnd = () => socket.sendControl({ type: 'eof' });
  stdin.on('data', onData);
  stdin.once('end', onEnd);
  return () => {
    active = false;
    stdin.off('data', onData);
    stdin.off('end', onEnd);
    // Stop reading, or an open stdin (a terminal, a pipe that never ends) keeps the process alive.
    stdin.pause();
    restoreTerminal();
  };
}
