import { berth } from '../../../api/berth';
import { containerSocketUrl, controlFrame, readSocketFrame, type TerminalSize } from '@berth/contracts';
import { getCurrentScope, onScopeDispose, ref } from 'vue';

export type TerminalState = 'idle' | 'connecting' | 'open' | 'closed';

/** The shell the terminal opens; busybox and every distro image have it. */
export const TERMINAL_COMMAND = ['/bin/sh'] as const;

export interface TerminalSocketHandlers {
  /** Bytes the process wrote (stdout and stderr alike: a pty merges them anyway). */
  onOutput(data: Uint8Array): void;
}

/** Opens a WebSocket; specs pass one that talks to a stand-in server. */
export type SocketFactory = (url: string) => WebSocket;

const defaultFactory: SocketFactory = (url) => new WebSocket(url);

/**
 * An interactive shell in a running container over the exec WebSocket, with a
 * pseudo-terminal of the given size: keystrokes go up as binary frames, output comes
 * down as binary frames, resizes and the exit status travel as JSON text frames
 * (libs/contracts container-socket.ts). Closing it hangs up the shell.
 */
export function useTerminalSocket(containerId: () => string, handlers: TerminalSocketHandlers, createSocket: SocketFactory = defaultFactory) {
  const state = ref<TerminalState>('idle');
  const exitCode = ref<number | null>(null);
  /** Why it closed, when it was not the shell exiting. */
  const closeReason = ref<string | null>(null);
  let socket: WebSocket | undefined;
  const encoder = new TextEncoder();

  function open(size: TerminalSize): void {
    close();
    exitCode.value = null;
    closeReason.value = null;
    state.value = 'connecting';
    const url = containerSocketUrl(berth.baseUrl, containerId(), { kind: 'exec', cmd: [...TERMINAL_COMMAND], tty: true, size, env: ['TERM=xterm-256color'] });
    const own = createSocket(url);
    own.binaryType = 'arraybuffer';
    socket = own;
    own.addEventListener('open', () => {
      if (socket === own) state.value = 'open';
    });
    own.addEventListener('message', (message: MessageEvent<string | ArrayBuffer>) => {
      const frame = readSocketFrame(message.data);
      if (frame?.type === 'output') handlers.onOutput(frame.data);
      else if (frame?.type === 'exit') exitCode.value = frame.exitCode;
    });
    own.addEventListener('close', (event: CloseEvent) => {
      if (socket !== own) return;
      state.value = 'closed';
      // The server refuses before the upgrade (container not running, no such container);
      // browsers hide that answer and report 1006, so say what usually causes it.
      if (exitCode.value === null)
        closeReason.value = event.reason || (event.code === 1006 ? 'the connection was refused or lost; is the container running?' : `closed (${event.code})`);
    });
  }

  /** Keystrokes as xterm.js hands them over (a string) or raw bytes. */
  function send(data: string | Uint8Array): void {
    if (socket?.readyState !== WebSocket.OPEN) return;
    socket.send(typeof data === 'string' ? encoder.encode(data) : data);
  }

  function resize(size: TerminalSize): void {
    if (socket?.readyState === WebSocket.OPEN) socket.send(controlFrame({ type: 'resize', ...size }));
  }

  function close(): void {
    const own = socket;
    socket = undefined;
    if (own && own.readyState !== WebSocket.CLOSED) own.close(1000, 'terminal closed');
    if (state.value !== 'idle') state.value = 'closed';
  }

  // Leaving the page ends the stream; outside a component (specs) the caller closes it.
  if (getCurrentScope()) onScopeDispose(close);

  return { state, exitCode, closeReason, open, send, resize, close };
}
