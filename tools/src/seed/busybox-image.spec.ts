import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageStore } from '@berth/images';
import { defaultSpec, Runtime } from '@berth/runtime';
import { makeTempDir } from '@berth/runtime/testing';
import { writeFile, mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBusyboxImage } from './busybox-image.js';

// Needs root and busybox-static (npm test installs it): the image is run as a real container.
let root: string;
let store: ImageStore;
let runtime: Runtime;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'berth-seed-'));
  chmodSync(root, 0o755);
  store = new ImageStore(join(root, 'images'));
  runtime = new Runtime({ root: join(root, 'containers') });
});
afterAll(async () => {
  await runtime?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('busybox seed image', () => {
  it('is stored as an OCI image with a reproducible digest', async () => {
    const first = await seedBusyboxImage(store);
    const again = await seedBusyboxImage(store);
    expect(first.reference).toBe('docker.io/library/busybox:latest');
    expect(again.manifest.digest).toBe(first.manifest.digest);
    expect(store.list()).toHaveLength(1);
  });

  it('runs as a container on overlay snapshots, and the container’s writes never reach them', async () => {
    const { lowerDirs, config } = await store.prepare('busybox');
    expect(lowerDirs).toHaveLength(1);
    const bundle = await makeTempDir('berth-seed-bundle-');
    await mkdir(join(bundle, 'rootfs'));
    const spec = defaultSpec({ args: ['sh', '-c', 'echo hello from the image > /etc/motd; cat /etc/motd; ls /bin | wc -l'], terminal: false });
    spec.root = { path: 'rootfs', readonly: false };
    spec.process!.env = config.config?.Env ?? [];
    await writeFile(join(bundle, 'config.json'), JSON.stringify(spec));
    try {
      await runtime.run('seeded', { bundle, overlay: { lowerDirs } });
      const exit = await runtime.wait('seeded', 10_000);
      const lines: string[] = [];
      for await (const record of runtime.logs('seeded')) lines.push(record.log.trim());
      await runtime.delete('seeded');
      expect(exit.exitCode).toBe(0);
      expect(lines[0]).toBe('hello from the image');
      expect(Number(lines[1])).toBeGreaterThan(100);
      expect(readdirSync(join(lowerDirs[0]!, 'etc')).sort()).toEqual(['group', 'passwd']);
    } finally {
      rmSync(bundle, { recursive: true, force: true });
    }
  });
});
