import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateKey, SecretBox } from './secret-box.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-secret-box-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SecretBox', () => {
  const box = new SecretBox(Buffer.alloc(32, 7));

  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const sealed = box.seal('hunter2-token', 'user:1|ghcr.io');
    expect(sealed).not.toContain('hunter2');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(box.open(sealed, 'user:1|ghcr.io')).toBe('hunter2-token');
  });

  it('seals the same secret differently each time (a fresh IV)', () => {
    expect(box.seal('same', 'c')).not.toBe(box.seal('same', 'c'));
  });

  it('refuses another context, another key and a tampered text', () => {
    const sealed = box.seal('secret', 'team:a|r');
    expect(() => box.open(sealed, 'team:b|r')).toThrow();
    expect(() => new SecretBox(Buffer.alloc(32, 8)).open(sealed, 'team:a|r')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('x' + Buffer.from(parts[3]!, 'base64url').toString('latin1')).toString('base64url');
    expect(() => box.open(parts.join('.'), 'team:a|r')).toThrow();
    expect(() => box.open('plain text', 'team:a|r')).toThrow('not a sealed secret');
  });

  it('refuses a key of the wrong size', () => {
    expect(() => new SecretBox(Buffer.alloc(16))).toThrow('32 bytes');
  });
});

describe('loadOrCreateKey', () => {
  it('creates a 0600 key once, in a 0700 directory, and reads the same key after', () => {
    const path = join(dir, 'keys', 'registry.key');
    const first = loadOrCreateKey(path);
    expect(first).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700);
    expect(loadOrCreateKey(path).equals(first)).toBe(true);
    expect(readFileSync(path).equals(first)).toBe(true);
  });

  it('refuses a file that is not a key rather than replacing it', () => {
    const path = join(dir, 'short.key');
    writeFileSync(path, 'short', { mode: 0o644 });
    expect(() => loadOrCreateKey(path)).toThrow('not a 32-byte key');
    expect(readFileSync(path, 'utf8')).toBe('short');
  });
});
