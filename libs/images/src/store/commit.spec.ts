import { existsSync, mkdtempSync, readFileSync, rmSync, chmodSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSpec, Runtime } from '@berth/runtime';
import { findStaticBusybox, makeTempDir } from '@berth/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX_CONFIG, busyboxLayer } from '../seed/busybox-layer.js';
import { commitContainer } from './commit.js';
import { ImageStore } from './image-store.js';
import { writeImage } from './write-image.js';

// Real kernel: a container runs on the image's snapshots, its changes are committed, and the
// committed image runs with them. Needs root, overlayfs, getfattr and busybox-static.
let root: string;
let store: ImageStore;
let runtime: Runtime;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'berth-commit-'));
  chmodSync(root, 0o755);
  store = new ImageStore(join(root, 'images'));
  runtime = new Runtime({ root: join(root, 'containers') });
  const layer = await busyboxLayer(findStaticBusybox());
  await writeImage(store, 'busybox:latest', [{ tar: () => layer }], BUSYBOX_CONFIG);
});
afterAll(async () => {
  await runtime?.close();
  rmSync(root, { recursive: true, force: true });
});

async function run(id: string, image: string, args: string[]): Promise<{ exitCode: number; output: string }> {
  const { lowerDirs } = await store.prepare(image);
  const bundle = await makeTempDir('berth-commit-bundle-');
  await mkdir(join(bundle, 'rootfs'));
  const spec = defaultSpec({ args, terminal: false });
  spec.root = { path: 'rootfs', readonly: false };
  spec.process!.env = ['PATH=/bin'];
  await writeFile(join(bundle, 'config.json'), JSON.stringify(spec));
  try {
    await runtime.run(id, { bundle, overlay: { lowerDirs } });
    const exit = await runtime.wait(id, 10_000);
    let output = '';
    for await (const record of runtime.logs(id)) output += record.log;
    return { exitCode: exit.exitCode, output };
  } finally {
    rmSync(bundle, { recursive: true, force: true });
  }
}

describe('commit', () => {
  it("turns a container's changes, deletions included, into a new image layer", async () => {
    const changed = await run('to-commit', 'busybox', ['sh', '-c', 'echo committed > /hello && rm /etc/group && mkdir -p /data/x']);
    expect(changed.exitCode).toBe(0);
    const image = await commitContainer(store, {
      baseImage: 'busybox',
      upperDir: join(runtime.stateDir('to-commit'), 'upper'),
      reference: 'committed:1',
      config: { Cmd: ['cat', '/hello'] },
      message: 'add hello',
    });
    await runtime.delete('to-commit');
    const manifest = await store.manifest(image);
    const config = await store.config(manifest);
    expect(manifest.layers).toHaveLength(2);
    expect(config.config?.Cmd).toEqual(['cat', '/hello']);
    expect(config.history?.at(-1)?.created_by).toBe('berth commit: add hello');
    const { lowerDirs } = await store.prepare('committed:1');
    expect(readFileSync(join(lowerDirs[0]!, 'hello'), 'utf8')).toBe('committed\n');

    const after = await run('from-commit', 'committed:1', [
      'sh',
      '-c',
      'cat /hello; [ -e /etc/group ] && echo group || echo no-group; [ -d /data/x ] && echo dir',
    ]);
    await runtime.delete('from-commit');
    expect(after.output).toBe('committed\nno-group\ndir\n');
    expect(existsSync(join(lowerDirs[1]!, 'etc', 'group'))).toBe(true); // the base layer itself is untouched
  });
});

describe('commit of a container that fights back', () => {
  // CVE-2018-15664's class: the container swaps a directory for a symlink to a host path
  // while its upper dir is read on the host. A reader that lstat's a name and then opens it
  // by name follows the symlink into the host. The host directory here holds a marker.
  it('never puts host files in the image, however the swaps interleave', { timeout: 120_000 }, async () => {
    const host = mkdtempSync(join(tmpdir(), 'berth-host-marker-'));
    const secret = `host-secret-${Math.random().toString(16).slice(2)}`;
    writeFileSync(join(host, 'secret'), `${secret}\n`);
    const { lowerDirs } = await store.prepare('busybox');
    const bundle = await makeTempDir('berth-commit-race-');
    await mkdir(join(bundle, 'rootfs'));
    // Bounded: 20,000 swaps at most, and the container is removed when the test ends.
    const swap = `mkdir -p /race/d && echo inside > /race/d/secret && i=0 && while [ $i -lt 20000 ]; do mv /race/d /race/real; ln -s ${host} /race/d; rm /race/d; mv /race/real /race/d; i=$((i+1)); done`;
    const spec = defaultSpec({ args: ['sh', '-c', swap], terminal: false });
    spec.root = { path: 'rootfs', readonly: false };
    spec.process!.env = ['PATH=/bin'];
    await writeFile(join(bundle, 'config.json'), JSON.stringify(spec));
    const upperDir = join(runtime.stateDir('racer'), 'upper');
    const outcomes = { committed: 0, refused: 0 };
    try {
      await runtime.run('racer', { bundle, overlay: { lowerDirs } });
      const started = Date.now();
      while (!existsSync(join(upperDir, 'race')) && Date.now() - started < 10_000) await new Promise((resolve) => setTimeout(resolve, 20));
      for (let round = 0; round < 150 && Date.now() - started < 60_000; round++) {
        try {
          const image = await commitContainer(store, { baseImage: 'busybox', upperDir, reference: `raced:${round}` });
          const layer = (await store.manifest(image)).layers.at(-1)!;
          expect(readFileSync(store.blobs.path(layer.digest)).includes(secret), `round ${round} put the host's file in the image`).toBe(false);
          outcomes.committed += 1;
        } catch (error) {
          // Refusing is fine (the content changed under the reader); reading the host is not.
          expect(error).toMatchObject({ code: 'CONTENT_CHANGED' });
          outcomes.refused += 1;
        }
      }
      // The container was still swapping the whole time: the race was real.
      expect((await runtime.state('racer')).status).toBe('running');
    } finally {
      await runtime.delete('racer', { force: true }).catch(() => undefined);
      rmSync(bundle, { recursive: true, force: true });
      rmSync(host, { recursive: true, force: true });
    }
    console.log(`commit race: ${outcomes.committed} committed, ${outcomes.refused} refused (content changed)`);
    expect(outcomes.committed + outcomes.refused).toBeGreaterThan(0);
  });
});
