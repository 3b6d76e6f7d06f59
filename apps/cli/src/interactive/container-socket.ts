import type { IncomingMessage } from 'node:http';
import {
  BerthApiError,
  CLIENT_ERROR_CODES,
  containerSocketUrl,
  controlFrame,
  isProblemDetails,
  readSocketFrame,
  type ContainerSocketRequest,
  type SocketControlMessage,
  type SocketFrame,
} from '@berth/contracts';
import { WebSocket, type RawData } from 'ws';
import { CliError } from '../cli-error.js';
import type { ClientConfig } from '../config/client-config.js';

/** A server that accepts the connection but never answers the upgrade should not hang the CLI. */
const HANDSHAKE_TIMEOUT_MS = 30_000;

export interface SocketClose {
  code: number;
  reason: string;
}

/**
 * One exec or attach WebSocket of the API (the framing is @berth/contracts'; Node 20 has no
 * WebSocket client, so this uses the `ws` package, which can also send the bearer token as a
 * header, as browsers cannot). Frames that arrive before anyone listens are kept: the server
 * may send output in the same packet as its upgrade answer.
 */
export class ContainerSocket {
  /** Resolves when the connection is gone, for whatever reason. */
  readonly closed: Promise<SocketClose>;
  private listener: ((frame: SocketFrame) => void) | undefined;
  private readonly early: SocketFrame[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: RawData, binary: boolean) => {
      const frame = readSocketFrame(toBytes(data), binary);
      if (!frame) return;
      if (this.listener) this.listener(frame);
      else this.early.push(frame);
    });
    this.closed = new Promise((resolve) => ws.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })));
  }

  /**
   * Connects to `container`'s socket. A refusal before the upgrade (404, 409, 400) is the
   * server's problem document, thrown as a BerthApiError like any other answer of the API.
   */
  static open(config: ClientConfig, container: string, request: ContainerSocketRequest): Promise<ContainerSocket> {
    const url = containerSocketUrl(config.url, container, request);
    const headers: Record<string, string> = config.token ? { authorization: `Bearer ${config.token}` } : {};
    const ws = new WebSocket(url, { headers, handshakeTimeout: HANDSHAKE_TIMEOUT_MS });
    const socket = new ContainerSocket(ws);
    return new Promise((resolve, reject) => {
      let refused = false;
      ws.once('open', () => resolve(socket));
      // With this listener ws leaves the refused request to us: read the answer, then drop it.
      ws.once('unexpected-response', (request, response) => {
        refused = true;
        void refusalOf(response, url).then((error) => {
          reject(error);
          request.destroy();
        });
      });
      // Before the upgrade: no server there. After it: the close event that follows says enough.
      ws.on('error', (error: Error) => {
        if (refused) return; // the answer's problem document is the better account
        reject(new BerthApiError(CLIENT_ERROR_CODES.unreachable, 0, `cannot reach Berth at ${config.url} (${error.message})`, undefined, { cause: error }));
      });
    });
  }

  /** Frames from now on, after the ones that came before this was called. */
  listen(onFrame: (frame: SocketFrame) => void): void {
    this.listener = onFrame;
    for (const frame of this.early.splice(0)) onFrame(frame);
  }

  /** Bytes for the process's stdin; `sent` runs once they are on the wire (or failed to get there). */
  sendInput(data: Uint8Array, sent: () => void): void {
    if (this.ws.readyState !== WebSocket.OPEN) return sent();
    this.ws.send(data, { binary: true }, () => sent());
  }

  sendControl(message: SocketControlMessage): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(controlFrame(message));
  }

  /** Bytes accepted by sendInput but not yet written to the network. */
  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  /** Stops reading output (our stdout is full); `resume` reads on. */
  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }

  /** Leaves: the server ends an exec's process (as a closed terminal would), and lets an attached container run on. */
  close(): void {
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN) this.ws.close(1000, 'client left');
  }
}

/** A socket that closed before the session's end came over it (`before` says which end): the server went away, or a proxy cut it. */
export function connectionLost(close: SocketClose, before: string): CliError {
  const reason = close.reason ? `: ${close.reason}` : '';
  return new CliError('CONNECTION_LOST', `the socket closed (code ${close.code}${reason}) before ${before}; is the server still running?`);
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

async function refusalOf(response: IncomingMessage, url: string): Promise<BerthApiError> {
  let text = '';
  try {
    for await (const chunk of response) text += (chunk as Buffer).toString();
  } catch {
    // The answer broke off: what arrived, if anything, is still the best clue.
  }
  const status = response.statusCode ?? 0;
  const body = parseJson(text);
  if (isProblemDetails(body)) return BerthApiError.fromProblem(body, status);
  const excerpt = text.trim().slice(0, 200);
  return new BerthApiError(
    CLIENT_ERROR_CODES.http,
    status,
    `${new URL(url).pathname} answered ${status} ${response.statusMessage ?? ''}${excerpt ? `: ${excerpt}` : ''}`,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
