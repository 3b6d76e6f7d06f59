import { Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import { ImageError } from '../image-error.js';

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

export type Compression = 'gzip' | 'zstd' | 'none';

export function detectCompression(head: Buffer): Compression {
  if (GZIP_MAGIC.every((byte, index) => head[index] === byte)) return 'gzip';
  if (ZSTD_MAGIC.every((byte, index) => head[index] === byte)) return 'zstd';
  return 'none';
}

/**
 * The layer's tar stream, decompressed as its first bytes say, and cut off with an error
 * past `maxBytes`: a small compressed layer must not be able to fill the disk.
 */
const GUNZIP_CHUNK = 256 * 1024;

export async function decompressedTar(source: Readable, maxBytes: number): Promise<Readable> {
  const head = await peek(source, 4);
  const compression = detectCompression(head);
  // 256 KiB output chunks instead of zlib's 16 KiB: a sixteenth of the callbacks through the tar parser and the hash.
  const decompressed =
    compression === 'gzip' ? source.pipe(createGunzip({ chunkSize: GUNZIP_CHUNK })) : compression === 'zstd' ? source.pipe(zstdStream()) : source;
  if (compression === 'gzip') source.on('error', (error) => decompressed.destroy(error));
  const limited = decompressed.pipe(sizeLimit(maxBytes));
  // pipe() forwards no errors: a source that fails (an upload cut off mid-body) or a decoder
  // that does (corrupt gzip) must fail the stream the caller reads, or the unpack would wait
  // for data forever and the error would go unhandled.
  for (const stream of new Set<Readable>([source, decompressed])) stream.on('error', (error) => limited.destroy(error));
  return limited;
}

function zstdStream(): Transform {
  // The decoder pushes into the stream, which is made first; the holder breaks the cycle.
  const holder: { decoder?: Decompress } = {};
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        holder.decoder!.push(chunk);
        done();
      } catch (error) {
        done(new ImageError('CORRUPT_LAYER', `zstd data is corrupt: ${(error as Error).message}`));
      }
    },
    flush(done) {
      try {
        holder.decoder!.push(new Uint8Array(0), true);
        done();
      } catch (error) {
        done(new ImageError('CORRUPT_LAYER', `zstd data is corrupt: ${(error as Error).message}`));
      }
    },
  });
  holder.decoder = new Decompress((data) => stream.push(Buffer.from(data)));
  return stream;
}

function sizeLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) {
        done(new ImageError('LAYER_TOO_LARGE', `the layer unpacks to more than ${maxBytes} bytes; refused`));
        return;
      }
      done(null, chunk);
    },
  });
}

/** Reads the first `count` bytes and puts them back, so detection consumes nothing. */
async function peek(source: Readable, count: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const onReadable = () => {
      const chunk: Buffer | null = source.read(count) ?? source.read();
      if (chunk === null) return;
      cleanup();
      source.unshift(chunk);
      resolve(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.alloc(0));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      source.off('readable', onReadable);
      source.off('end', onEnd);
      source.off('error', onError);
    };
    source.on('readable', onReadable);
    source.once('end', onEnd);
    source.once('error', onError);
  });
}
