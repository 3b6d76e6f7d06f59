import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decompressedTar } from './decompress.js';

/** Reads the stream to its end, or to its error. */
async function drain(stream: NodeJS.ReadableStream): Promise<void> {
  for await (const _ of stream) void _;
}

describe('decompressedTar', () => {
  // An upload cut off mid-body (or refused for its size) fails its source stream; the unpack
  // reading the result must see that error, not wait forever with it unhandled.
  it.each([
    ['plain', Buffer.from('a'.repeat(1024))],
    ['gzip', gzipSync(Buffer.from('a'.repeat(1024)))],
  ])('passes on an error of a %s source', async (_, head) => {
    const source = new PassThrough();
    source.write(head);
    const tar = await decompressedTar(source, 1024 * 1024);
    const reading = drain(tar);
    source.destroy(new Error('the client went away'));
    await expect(reading).rejects.toThrow('the client went away');
  });

  it('passes on a decoder error (corrupt gzip)', async () => {
    const source = new PassThrough();
    const tar = await decompressedTar(source.end(Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(64, 7)])), 1024 * 1024);
    await expect(drain(tar)).rejects.toThrow();
  });
});
