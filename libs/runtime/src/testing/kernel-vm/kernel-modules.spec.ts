import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../busybox-bundle.js';
import { obtainDebianKernel } from './debian-kernel.js';
import { kernelVmUnsupported } from './host-support.js';
import { resolveModules } from './kernel-modules.js';
import { moduleDepends } from './modinfo.js';
import { moduleElf } from './module-elf.js';

describe('resolveModules', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeTempDir('berth-modules-');
    await mkdir(join(dir, 'kernel', 'fs', 'deep'), { recursive: true });
    const put = (path: string, data: Buffer) => writeFile(join(dir, 'kernel', path), data);
    await put('fs/top.ko', moduleElf({ name: 'top', depends: 'mid-dash,shared' }));
    // Compressed, and named with _ where the depender writes - (modprobe treats them alike).
    await put('fs/deep/mid_dash.ko.gz', gzipSync(moduleElf({ name: 'mid_dash', depends: 'shared,builtin_one' })));
    await put('fs/shared.ko', moduleElf({ name: 'shared', depends: '' }));
    await put('fs/loop_a.ko', moduleElf({ name: 'loop_a', depends: 'loop_b' }));
    await put('fs/loop_b.ko', moduleElf({ name: 'loop_b', depends: 'loop_a' }));
    await put('fs/needs_ghost.ko', moduleElf({ name: 'needs_ghost', depends: 'ghost' }));
    await writeFile(join(dir, 'modules.builtin'), 'kernel/lib/builtin_one.ko\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('orders dependencies first, once each, decompressed, leaving built-in modules out', async () => {
    const modules = await resolveModules(dir, ['top', 'shared']);
    expect(modules.map((module) => module.name)).toEqual(['shared', 'mid_dash', 'top']);
    expect(moduleDepends(modules[1]!.data)).toEqual(['shared', 'builtin_one']);
    expect(await resolveModules(dir, ['builtin-one'])).toEqual([]);
  });

  it('names the chain of a missing module and of a cycle', async () => {
    await expect(resolveModules(dir, ['needs_ghost'])).rejects.toThrow(/kernel module ghost is neither in .* nor built in \(needed by needs_ghost\)/);
    await expect(resolveModules(dir, ['loop_a'])).rejects.toThrow('kernel modules depend on each other in a cycle: loop_a → loop_b → loop_a');
  });
});

const unsupported = kernelVmUnsupported();
if (unsupported) console.warn(`kernel-modules: the Debian kernel test is skipped: ${unsupported}`);

describe.skipIf(unsupported !== undefined)("resolveModules on Debian's kernel package", () => {
  it('finds what 9p over virtio needs, in load order', { timeout: 300_000 }, async () => {
    const kernel = await obtainDebianKernel();
    const names = (await resolveModules(kernel.modulesDir, ['virtio_pci', '9pnet_virtio', '9p'])).map((module) => module.name);
    for (const [before, after] of [
      ['virtio_ring', 'virtio'],
      ['virtio', 'virtio_pci'],
      ['9pnet', '9pnet_virtio'],
      ['netfs', '9p'],
      ['9pnet', '9p'],
    ]) {
      expect(names.indexOf(before!), `${before} before ${after}`).toBeGreaterThanOrEqual(0);
      expect(names.indexOf(before!)).toBeLessThan(names.indexOf(after!));
    }
  });
});
