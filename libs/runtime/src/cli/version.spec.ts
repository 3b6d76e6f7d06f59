import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RUNTIME_VERSION } from './version.js';

describe('RUNTIME_VERSION', () => {
  it("is the package's version", () => {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(RUNTIME_VERSION).toBe(manifest.version);
  });
});
