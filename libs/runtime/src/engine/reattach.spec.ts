import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';
import { isAlive } from '../util/proc.js';
import { Runtime } from './runtime.js';

const CHILD = fileURLToPath(new URL('../testing/reattach-child.ts', import.meta.url));

/** DESIGN.md: containers keep running when the API restarts, and a new process picks them up. */
describe('reattach (real kernel)', () => {
  let fx: RuntimeFixture;
  useRuntimeFixture((fixture) => (fx = fixture));

  it('survives kill -9 of the starting process; a new Runtime reads its logs and exit status', async () => {
    const id = fx.id('reattach');
    await fx.bundle.writeSpec(['sh', '-c', 'echo before; while [ ! -e /tmp/go ]; do sleep 0.05; done; echo after; exit 42']);
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, fx.root, fx.bundle.dir, id], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('started') && resolve());
        child.on('exit', (code) => reject(new Error(`child exited ${code}: ${stderr}`)));
      });
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((resolve) => child.once('close', resolve));

    const fresh = new Runtime({ root: fx.root });
    const state = await fresh.inspect(id);
    expect(state.status).toBe('running');
    expect(await isAlive(state.shim!)).toBe(true);
    expect((await fresh.list()).map((container) => container.id)).toEqual([id]);

    // Let the container finish; the new process sees everything the shim recorded.
    await fresh.exec(id, { args: ['touch', '/tmp/go'], stdio: 'pipe' });
    expect(await fresh.wait(id, 10_000)).toMatchObject({ exitCode: 42, signal: null });
    let text = '';
    for await (const record of fresh.logs(id)) text += `${record.stream}:${record.log}`;
    expect(text).toBe('stdout:before\nstdout:after\n');
    await fresh.delete(id);
    expect(await fresh.list()).toEqual([]);
  });

  it('follows logs across rotation until the container exits', async () => {
    // Paced so the follower (polling every 5 ms) keeps up even on a loaded machine: a file
    // holds ~6 lines (~90 ms), and with 4 files kept a reader may stall ~250 ms before
    // records are dropped under it — as with docker's json-file, a slower reader loses them.
    const payload = 'x'.repeat(80);
    const script = `sleep 0.2; for i in $(seq 1 60); do echo line-$i-${payload}; usleep 15000; done`;
    const id = await fx.start('follow', ['sh', '-c', script], undefined, { log: { maxSize: 1000, maxFiles: 4 } });
    const lines: string[] = [];
    for await (const record of fx.runtime.logs(id, { follow: true, pollMs: 5 })) lines.push(record.log.trim());
    expect((await fx.runtime.inspect(id)).status).toBe('stopped');
    expect(lines).toEqual(Array.from({ length: 60 }, (_, i) => `line-${i + 1}-${payload}`));
    // It did rotate: the files on disk no longer hold the early lines.
    let kept = '';
    for await (const record of fx.runtime.logs(id)) kept += record.log;
    expect(kept).not.toContain('line-1-');
  });
});
