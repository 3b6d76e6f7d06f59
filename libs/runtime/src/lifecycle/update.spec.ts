import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';

const MiB = 1024 * 1024;

/** Live limits (docker update) on the real kernel. */
describe('update (real kernel)', () => {
  let fx: RuntimeFixture;
  useRuntimeFixture((fixture) => (fx = fixture));

  it('raising the memory limit lets the next allocation succeed; the new limit is recorded', async () => {
    // One process allocates: with a pipeline, the writer's next pipe buffer can trigger a second
    // OOM kill while the first victim's memory is still being freed, and that one may pick init.
    const id = await fx.start('grow', ['sleep', '30'], (spec) => (spec.linux!.resources!.memory = { limit: 32 * MiB }));
    const allocate = () => fx.runtime.exec(id, { args: ['sh', '-c', 'dd if=/dev/zero of=/dev/null bs=80M count=1 2>/dev/null && echo done'], stdio: 'pipe' });
    expect(await allocate()).toMatchObject({ exitCode: 137, stdout: '' });

    const merged = await fx.runtime.update(id, { memory: { limit: 160 * MiB }, pids: { limit: 40 } });
    expect(merged).toMatchObject({ memory: { limit: 160 * MiB }, pids: { limit: 40 } });
    expect(await allocate()).toMatchObject({ exitCode: 0, stdout: 'done\n' });
    expect((await fx.runtime.stats(id)).memory.limit).toBe(160 * MiB);
    const stored = JSON.parse(await readFile(join(fx.runtime.stateDir(id), 'config.json'), 'utf8'));
    expect(stored.linux.resources).toMatchObject({ memory: { limit: 160 * MiB }, pids: { limit: 40 }, devices: [{ allow: false }] });
    expect((await fx.runtime.state(id)).status).toBe('running');
  });

  it('keeps swap and limit consistent when lowering both, and names bad fields', async () => {
    const id = await fx.start('swap', ['sleep', '30'], (spec) => (spec.linux!.resources!.memory = { limit: 128 * MiB, swap: 256 * MiB }));
    // memsw must stay >= limit at every moment; lowering both needs memsw after the limit.
    await fx.runtime.update(id, { memory: { limit: 64 * MiB, swap: 64 * MiB } });
    // Raising both needs memsw first.
    await fx.runtime.update(id, { memory: { limit: 200 * MiB, swap: 300 * MiB } });
    expect((await fx.runtime.stats(id)).memory.limit).toBe(200 * MiB);
    await expect(fx.runtime.update(id, { memory: { limit: 400 * MiB } })).rejects.toMatchObject({
      code: 'INVALID_RESOURCES',
      message: expect.stringMatching(/^linux\.resources\.memory\.swap: .* must be at least the memory limit/),
    });
    await expect(fx.runtime.update(id, { cpu: { shares: 1 } })).rejects.toMatchObject({
      code: 'INVALID_RESOURCES',
      message: expect.stringMatching(/^resources\.cpu\.shares: 1 must be/),
    });
    await expect(fx.runtime.update(id, { devices: [{ allow: true }] })).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
  });

  it('refuses to update a stopped container', async () => {
    const { id } = await fx.runToExit('done', ['true']);
    await expect(fx.runtime.update(id, { pids: { limit: 10 } })).rejects.toMatchObject({ code: 'INVALID_STATUS' });
  });
});
