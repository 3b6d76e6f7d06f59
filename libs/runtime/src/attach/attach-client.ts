import { connect, type Socket } from 'node:net';
import { RuntimeError } from '../model/runtime-error.js';

/**
 * Client of the shim's attach socket (native/README.md, "Attach socket framing"): frames
 * `[u8 stream][u32 BE length][payload]` come out, raw bytes go in as the container's stdin.
 */
export type AttachStream = 'stdout' | 'stderr';

export interface AttachSession {
  /** Writes to the container's stdin. */
  write(data: string | Uint8Array): void;
  /** Ends our input only; output keeps flowing until the container exits. */
  endInput(): void;
  /** Disconnects without waiting for the container. */
  close(): void;
  /** Resolves when the shim closes the connection (the container exited). */
  readonly closed: Promise<void>;
}

const STREAMS: Record<number, AttachStream> = { 1: 'stdout', 2: 'stderr' };

export function attachSocket(path: string, onOutput: (stream: AttachStream, data: Buffer) => void): Promise<AttachSession> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(path);
    let pending: Buffer = Buffer.alloc(0);
    const closed = new Promise<void>((done, fail) => {
      socket.on('close', () => done());
      socket.on('error', (error) => fail(new RuntimeError((error as NodeJS.ErrnoException).code ?? 'EIO', `attach socket ${path}: ${error.message}`)));
    });
    // The first error (ENOENT, ECONNREFUSED) rejects the connect; later ones reject `closed`.
    closed.catch(reject);
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 5) {
        const length = pending.readUInt32BE(1);
        if (pending.length < 5 + length) break;
        onOutput(STREAMS[pending[0]!] ?? 'stdout', pending.subarray(5, 5 + length));
        pending = pending.subarray(5 + length);
      }
    });
    socket.once('connect', () =>
      resolve({
        write: (data) => void socket.write(data),
        endInput: () => void socket.end(),
        close: () => void socket.destroy(),
        closed,
      }),
    );
  });
}
