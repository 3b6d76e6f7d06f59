import { API_PREFIX } from '../api-paths.js';
import { queryString } from './query-string.js';

/**
 * The framing of the container sockets, `…/containers/:id/exec/ws` and `…/attach/ws`, kept to
 * strings and bytes so that any WebSocket client can use it: the browser's own in the console,
 * the `ws` package in the CLI (Node 20 has no WebSocket client). Binary frames from the client
 * are stdin; binary frames to it are output, the first byte naming the stream; text frames are
 * JSON control messages.
 */

export interface TerminalSize {
  rows: number;
  cols: number;
}

/** What to open: a new process (`exec`) or the container's main process (`attach`). */
export type ContainerSocketRequest =
  | {
      kind: 'exec';
      cmd: readonly string[];
      /** A pseudo-terminal for the process; its first size is `size`. */
      tty?: boolean;
      size?: TerminalSize;
      /** `KEY=value`. */
      env?: readonly string[];
      workingDir?: string;
      user?: string;
    }
  | { kind: 'attach' };

/** Text frames the client sends. The attach socket heeds only `eof`. */
export type SocketControlMessage = ({ type: 'resize' } & TerminalSize) | { type: 'eof' } | { type: 'signal'; signal: string };

/** A frame the server sent: output, or (exec only) the exit status just before it closes. */
export type SocketFrame = { type: 'output'; stream: 'stdout' | 'stderr'; data: Uint8Array } | { type: 'exit'; exitCode: number };

const STREAM_OF_BYTE: Readonly<Record<number, 'stdout' | 'stderr'>> = { 1: 'stdout', 2: 'stderr' };

/**
 * The socket's URL on the server at `baseUrl` (http becomes ws, https wss). An empty
 * `baseUrl` means this page's origin, as for the REST client; outside a browser it must be
 * absolute.
 */
export function containerSocketUrl(baseUrl: string, container: string, request: ContainerSocketRequest): string {
  const page = (globalThis as { location?: { href: string } }).location?.href;
  if (!baseUrl && !page) throw new TypeError('containerSocketUrl needs an absolute baseUrl outside a browser');
  const base = new URL(baseUrl || '/', page);
  base.protocol = base.protocol === 'https:' ? 'wss:' : base.protocol === 'http:' ? 'ws:' : base.protocol;
  const prefix = base.href.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const path = `${API_PREFIX}/containers/${encodeURIComponent(container)}/${request.kind}/ws`;
  if (request.kind === 'attach') return `${prefix}${path}`;
  return `${prefix}${path}${queryString({
    cmd: request.cmd,
    tty: request.tty ?? false,
    rows: request.size?.rows,
    cols: request.size?.cols,
    env: request.env,
    workingDir: request.workingDir,
    user: request.user,
  })}`;
}

/** The text frame of a control message. */
export function controlFrame(message: SocketControlMessage): string {
  return JSON.stringify(message);
}

/**
 * What a frame from the server says; undefined for one this client does not know, which the
 * protocol lets a client ignore. `binary` is the frame's type where the client reports it
 * apart from the data (the `ws` package hands text frames over as bytes too).
 */
export function readSocketFrame(data: string | ArrayBuffer | Uint8Array, binary = typeof data !== 'string'): SocketFrame | undefined {
  const bytes = typeof data === 'string' ? undefined : data instanceof Uint8Array ? data : new Uint8Array(data);
  if (binary && bytes) {
    const stream = STREAM_OF_BYTE[bytes[0] ?? 0];
    return stream ? { type: 'output', stream, data: bytes.subarray(1) } : undefined;
  }
  const message = parseJson(bytes ? new TextDecoder().decode(bytes) : (data as string));
  if (message?.type === 'exit' && typeof message.exitCode === 'number') return { type: 'exit', exitCode: message.exitCode };
  return undefined;
}

function parseJson(text: string): { type?: unknown; exitCode?: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}
