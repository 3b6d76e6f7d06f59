import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCgroupManager } from '../cgroups/cgroup-manager.js';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';
import { waitFor } from '../testing/wait-for.js';

/** pause/resume through the freezer cgroup, on the real kernel. */
describe('pause and resume (real kernel)', () => {
  let fx: RuntimeFixture;
  useRuntimeFixture((fixture) => (fx = fixture));

  async function counter(): Promise<{ id: string; read: () => Promise<number> }> {
    const file = `count-${fx.id('c')}`;
    const id = await fx.start('count', ['sh', '-c', `i=0; while :; do i=$((i+1)); echo $i > /tmp/${file}; sleep 0.02; done`]);
    const read = async () => Number((await readFile(join(fx.bundle.rootfs, 'tmp', file), 'utf8').catch(() => '0')).trim() || 0);
    await waitFor(async () => (await read()) > 2);
    return { id, read };
  }

  it('pause stops a counting loop, resume continues it; the status follows', async () => {
    const { id, read } = await counter();
    expect((await fx.runtime.pause(id)).status).toBe('paused');
    const frozenAt = await read();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await read()).toBe(frozenAt);
    expect((await fx.runtime.state(id)).status).toBe('paused');
    expect(JSON.parse(await readFile(join(fx.runtime.stateDir(id), 'state.json'), 'utf8')).status).toBe('paused');

    await expect(fx.runtime.pause(id)).rejects.toMatchObject({
      code: 'INVALID_STATUS',
      message: expect.stringMatching(/cannot pause .*: it is paused; pause needs running/),
    });
    await expect(fx.runtime.exec(id, { args: ['true'] })).rejects.toMatchObject({ code: 'INVALID_STATUS' });

    expect((await fx.runtime.resume(id)).status).toBe('running');
    await waitFor(async () => (await read()) > frozenAt + 3);
    await expect(fx.runtime.resume(id)).rejects.toMatchObject({ code: 'INVALID_STATUS' });
  });

  it('the freezer is the truth: a thaw behind our back reads as running', async () => {
    const { id } = await counter();
    await fx.runtime.pause(id);
    await openCgroupManager((await fx.runtime.inspect(id)).cgroup).thaw();
    expect((await fx.runtime.state(id)).status).toBe('running');
    const dir = fx.runtime.stateDir(id);
    await writeFile(join(dir, 'probe'), ''); // the state dir is still ours to use
  });

  it('a paused container can be killed and force-deleted', async () => {
    const { id } = await counter();
    await fx.runtime.pause(id);
    await fx.runtime.delete(id, { force: true });
    expect(await fx.runtime.list()).toEqual([]);
  });
});
