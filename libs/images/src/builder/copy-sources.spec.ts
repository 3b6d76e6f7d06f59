import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSources } from './copy-sources.js';

// A build context whose author planted symlinks to host directories: COPY sees the context's
// own paths only, and never even lists a host directory.
let context: string;
beforeAll(() => {
  context = mkdtempSync(join(tmpdir(), 'berth-copy-sources-'));
  mkdirSync(join(context, 'etc'));
  writeFileSync(join(context, 'etc', 'shipped.conf'), 'ours\n');
  symlinkSync('/etc', join(context, 'hostlink'));
});
afterAll(() => rmSync(context, { recursive: true, force: true }));

const collect = (source: string) => collectSources({ root: context, sources: [source], dest: '/out/', destTrailingSlash: true, destIsDirectory: false });

describe('collectSources', () => {
  it('resolves a wildcard below a symlink to a host directory inside the context', async () => {
    // /etc/shadow exists on the host; the context's own etc/ has only shipped.conf.
    await expect(collect('hostlink/sh*')).resolves.toMatchObject([{ target: '/out/shipped.conf', path: join(context, 'etc', 'shipped.conf') }]);
    const refused = await collect('hostlink/shad*').catch((error: Error) => error);
    expect(refused).toMatchObject({ code: 'BUILD_FAILED' });
    expect((refused as Error).message).not.toContain('shadow"');
  });

  it('resolves a named source through the same symlink inside the context', async () => {
    await expect(collect('hostlink/shipped.conf')).resolves.toMatchObject([{ path: join(context, 'etc', 'shipped.conf') }]);
    await expect(collect('hostlink/passwd')).rejects.toMatchObject({ code: 'BUILD_FAILED' });
  });
});
