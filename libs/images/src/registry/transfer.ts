import { Transform } from 'node:stream';
import type { Digest } from '../reference/digest.js';
import { ImageError } from '../image-error.js';

/** One blob's progress. `skipped` blobs were already there (in the store, or in the registry). */
export interface TransferProgress {
  digest: Digest;
  bytes: number;
  total: number;
  done: boolean;
  skipped?: boolean;
}

export type ProgressListener = (event: TransferProgress) => void;

// Reporting every chunk would flood an SSE stream with 16 KiB steps; this many bytes between events is plenty.
const PROGRESS_STEP = 256 * 1024;

/**
 * Counts bytes flowing through, reports progress in steps, and stops the stream once it
 * exceeds the size the descriptor promised: a registry streaming without end would otherwise
 * fill the disk before the digest check could refuse it.
 */
export function progressMeter(digest: Digest, total: number, onProgress: ProgressListener | undefined): Transform {
  let bytes = 0;
  let reported = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > total) {
        // Longer than promised cannot hash to the digest either: the same refusal, sooner.
        done(new ImageError('DIGEST_MISMATCH', `blob ${digest} is longer than the ${total} bytes its descriptor says; refused`));
        return;
      }
      if (onProgress && bytes - reported >= PROGRESS_STEP) {
        reported = bytes;
        onProgress({ digest, bytes, total, done: false });
      }
      done(null, chunk);
    },
  });
}

/**
 * Runs `work` over the items with at most `limit` at a time. After a failure no new item
 * starts, and the first error is thrown only once the running ones have finished, so nothing
 * is still writing into the store when the caller sees the error.
 */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: { error: unknown } | undefined;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed) throw failed.error;
}
