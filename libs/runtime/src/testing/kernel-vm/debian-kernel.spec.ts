import { existsSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../busybox-bundle.js';
import { defaultKernelCache, KernelUnavailableError, obtainDebianKernel } from './debian-kernel.js';
import { kernelVmUnsupported } from './host-support.js';

describe('defaultKernelCache', () => {
  it('is below BERTH_CACHE when set, else in /var/cache for root', () => {
    expect(defaultKernelCache({ BERTH_CACHE: '/c' })).toBe('/c/kernel');
    if (process.getuid?.() === 0) expect(defaultKernelCache({})).toBe('/var/cache/berth/kernel');
  });
});

const unsupported = kernelVmUnsupported();
if (unsupported) console.warn(`debian-kernel: skipped: ${unsupported}`);

describe.skipIf(unsupported !== undefined)('obtainDebianKernel (apt-get download, dpkg-deb -x)', () => {
  it('downloads and unpacks into an empty cache, replaces an older kernel there, and then reuses it', { timeout: 300_000 }, async () => {
    const cacheDir = await makeTempDir('berth-kernel-cache-');
    try {
      await mkdir(join(cacheDir, 'linux-image-0.0.0-1-amd64'));
      const kernel = await obtainDebianKernel({ cacheDir });
      expect(kernel.package).toMatch(/^linux-image-\d.*-amd64$/);
      expect(kernel.vmlinuz).toBe(join(cacheDir, kernel.package, 'boot', `vmlinuz-${kernel.release}`));
      expect((await stat(kernel.vmlinuz)).size).toBeGreaterThan(1_000_000);
      expect(existsSync(join(kernel.modulesDir, 'modules.builtin'))).toBe(true);
      expect(existsSync(join(cacheDir, 'linux-image-0.0.0-1-amd64'))).toBe(false);

      const started = Date.now();
      expect(await obtainDebianKernel({ cacheDir })).toEqual(kernel);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('says why when apt cannot name a kernel', async () => {
    const cacheDir = await makeTempDir('berth-kernel-cache-');
    try {
      const failure = obtainDebianKernel({ cacheDir, metaPackage: 'no-such-package-berth' });
      await expect(failure).rejects.toThrow(KernelUnavailableError);
      await expect(failure).rejects.toThrow(/^cannot obtain a Debian kernel: apt-cache depends no-such-package-berth: E: No packages found/);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
