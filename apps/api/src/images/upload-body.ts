import { HttpStatus } from '@nestjs/common';
import { Transform, type Readable } from 'node:stream';
import { formatBytes } from '@berth/runtime/model';
import type { Request } from 'express';
import { ProblemException } from '../http/problem.js';

/** What a tar upload may be sent as: plain, or compressed (the unpacker detects gzip and zstd). */
const TAR_TYPES = new Set(['application/x-tar', 'application/tar', 'application/octet-stream', 'application/gzip', 'application/x-gzip', 'application/zstd']);

/**
 * The request body as a stream of at most `limit` bytes. A body that declares more is
 * refused before a byte is read; one that turns out longer (chunked) fails the stream with
 * the same 413 as soon as it crosses the limit, so nothing larger is ever written to disk.
 * After a refusal the connection is closed once the answer is sent: reading the rest would
 * waste the bandwidth, and stopping mid-body without closing would leave it unusable.
 */
export function uploadedTar(request: Request, limit: number, what: string): Readable {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!TAR_TYPES.has(type)) {
    throw new ProblemException(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'UNSUPPORTED_MEDIA_TYPE',
      `send ${what} as a tar archive with Content-Type: application/x-tar (got ${type || 'none'})`,
    );
  }
  const tooLarge = () => {
    request.res?.setHeader('Connection', 'close');
    // Discard what is still coming until the answer has gone out and the socket closes.
    request.resume();
    return new ProblemException(
      HttpStatus.PAYLOAD_TOO_LARGE,
      'BODY_TOO_LARGE',
      `${what} is larger than ${formatBytes(limit)}, the limit this server accepts (BERTH_MAX_UPLOAD_SIZE)`,
    );
  };
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  let received = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > limit) {
        request.unpipe(limiter);
        done(tooLarge());
        return;
      }
      done(null, chunk);
    },
  });
  request.on('error', (error) => limiter.destroy(error));
  request.on('close', () => {
    if (!request.complete && !limiter.destroyed) limiter.destroy(new Error(`the client closed the connection while sending ${what}`));
  });
  return request.pipe(limiter);
}
