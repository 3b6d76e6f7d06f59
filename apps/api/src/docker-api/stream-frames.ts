/** Docker's stream ids in the 8-byte frame header. */
const STREAM_ID = { stdin: 0, stdout: 1, stderr: 2 } as const;

export type FramedStream = keyof typeof STREAM_ID;

/**
 * One frame of Docker's multiplexed stream (`application/vnd.docker.multiplexed-stream`):
 * a header of the stream id, three zero bytes and the payload's length (big-endian
 * uint32), then the payload. Without a TTY, logs, attach and exec use it so the client
 * can split stdout from stderr; with a TTY the stream is raw.
 */
export function frame(stream: FramedStream, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = STREAM_ID[stream];
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

export const RAW_STREAM = 'application/vnd.docker.raw-stream';
export const MULTIPLEXED_STREAM = 'application/vnd.docker.multiplexed-stream';

/**
 * JSON-lines answers (pull, build, load, events, stats, wait). Exactly this value, without
 * Express's `; charset=utf-8`: the docker CLI compares the header to it before it decodes
 * progress messages, and prints the raw lines otherwise.
 */
export const JSON_STREAM = 'application/json';
