import { execFileSync } from 'node:child_process';
import { closeSync, constants, createReadStream, existsSync, openSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';
import { waitFor } from '../testing/wait-for.js';
import { PassThrough, Readable } from 'node:stream';

/**
 * Descriptors asked for (extraFiles, `--preserve-fds`) reach the container process as 3, 4, …
 * and nothing else does; the runtime keeps no copy, so a pipe's reader sees EOF when the
 * container closes its end (real containers, root).
 */
describe('extra file descriptors (real containers)', () => {
  let fx: RuntimeFixture;
  useRuntimeFixture((fixture) => (fx = fixture));

  /** A FIFO: the writer opened read-write never blocks; the reader gets EOF once every writer is gone. */
  function fifo(name: string): { writer: number; text: Promise<string> } {
    const path = join(fx.root, name);
    execFileSync('mkfifo', [path]);
    const writer = openSync(path, constants.O_RDWR);
    const text = new Promise<string>((resolve, reject) => {
      let data = '';
      createReadStream(path, { encoding: 'utf8' })
        .on('data', (chunk) => (data += chunk))
        .on('end', () => resolve(data))
        .on('error', reject);
    });
    return { writer, text };
  }

  for (const init of [false, true]) {
    it(`the container gets fd 3 and only it; closing it ends the reader's stream while the container runs${init ? ' (with --init)' : ''}`, async () => {
      const { writer, text } = fifo(`pipe-${init}`);
      const id = await fx.start('fds', ['sh', '-c', 'echo hello >&3; ls /proc/self/fd | tr "\\n" " " >&3; exec 3>&-; sleep 30'], undefined, {
        extraFiles: [writer],
        init,
      });
      closeSync(writer);
      // ls's own directory fd is 4: the lowest free one after the preserved 3.
      expect(await text).toBe('hello\n0 1 2 3 4 ');
      expect((await fx.runtime.state(id)).status).toBe('running');
    });
  }

  it('refuses a descriptor that is not open, and leaves nothing behind', async () => {
    const id = fx.id('bad-fd');
    await fx.bundle.writeSpec(['true']);
    await expect(fx.runtime.create(id, { bundle: fx.bundle.dir, extraFiles: [987_654] })).rejects.toMatchObject({ code: expect.stringMatching(/^E/) });
    expect(existsSync(join(fx.root, id))).toBe(false);
    await expect(fx.runtime.create(id, { bundle: fx.bundle.dir, extraFiles: [-1] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('berth-runtime run --preserve-fds 1 passes its own fd 3 (runc semantics)', async () => {
    await fx.bundle.writeSpec(['readlink', '/proc/self/fd/3']);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const stdin = Readable.from([]) as Readable & { isTTY?: boolean };
    let err = '';
    stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await main(['node', 'berth-runtime', '--root', fx.root, 'run', '--detach', '--preserve-fds', '1', '--bundle', fx.bundle.dir, 'cli-fds'], {
      stdout,
      stderr,
      stdin,
    });
    expect({ code, err }).toEqual({ code: 0, err: '' });
    await waitFor(async () => (await fx.runtime.state('cli-fds')).status === 'stopped');
    expect((await fx.output('cli-fds')).trim()).toBe(readlinkSync('/proc/self/fd/3'));
  });
});
