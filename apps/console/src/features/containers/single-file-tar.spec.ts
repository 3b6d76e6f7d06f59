import { describe, expect, it } from 'vitest';
import { singleFileTar } from './single-file-tar';

const text = (bytes: Uint8Array, from: number, length: number) => new TextDecoder().decode(bytes.subarray(from, from + length)).replace(/\0.*$/s, '');

describe('singleFileTar', () => {
  it('writes one ustar entry, its content padded to a block, and the two end blocks', () => {
    const content = new TextEncoder().encode('hello\n');
    const tar = singleFileTar('notes.txt', content, { mode: 0o600, mtime: new Date(1_700_000_000_000) });
    expect(tar.length).toBe(512 * 4);
    expect(text(tar, 0, 100)).toBe('notes.txt');
    expect(text(tar, 100, 8)).toBe('0000600');
    expect(parseInt(text(tar, 124, 12), 8)).toBe(6);
    expect(parseInt(text(tar, 136, 12), 8)).toBe(1_700_000_000);
    expect(text(tar, 257, 6)).toBe('ustar');
    expect(String.fromCharCode(tar[156]!)).toBe('0');
    expect(new TextDecoder().decode(tar.subarray(512, 518))).toBe('hello\n');
    expect(tar.subarray(1024).every((byte) => byte === 0)).toBe(true);
  });

  it('carries a checksum a tar reader accepts: the header summed with its checksum field as spaces', () => {
    const tar = singleFileTar('a', new Uint8Array(3));
    const header = Uint8Array.from(tar.subarray(0, 512));
    const stored = parseInt(text(header, 148, 8), 8);
    header.fill(0x20, 148, 156);
    expect(stored).toBe(header.reduce((sum, byte) => sum + byte, 0));
  });

  it('refuses names a single entry cannot hold', () => {
    expect(() => singleFileTar('', new Uint8Array())).toThrow(RangeError);
    expect(() => singleFileTar('a/b', new Uint8Array())).toThrow(RangeError);
    expect(() => singleFileTar('x'.repeat(101), new Uint8Array())).toThrow(RangeError);
  });
});
