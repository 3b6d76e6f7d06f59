import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';

/**
 * An engine restarts a container by creating it again (an OCI container never starts
 * twice): with its own upper dir and log dir, the files and the log outlive each runtime
 * container (real containers, root).
 */
describe('re-creating a container on its own upper and log dirs', () => {
  let fx: RuntimeFixture;
  useRuntimeFixture((fixture) => (fx = fixture));

  it('keeps what the first run wrote, and one log of both runs', async () => {
    const keep = join(fx.root, 'kept');
    const options = {
      overlay: { lowerDirs: [fx.bundle.rootfs], upperDir: join(keep, 'upper'), workDir: join(keep, 'work') },
      log: { dir: join(keep, 'log') },
    };
    const script = 'cat /counter 2>/dev/null || echo none; echo run >> /counter';
    const first = await fx.runToExit('again', ['sh', '-c', script], undefined, options);
    expect(first.output).toBe('none\n');
    await fx.runtime.delete(first.id);
    expect(existsSync(join(keep, 'log', 'container.log'))).toBe(true);

    await fx.bundle.writeSpec(['sh', '-c', script]);
    await fx.runtime.run(first.id, { bundle: fx.bundle.dir, ...options });
    await fx.runtime.wait(first.id, 10_000);
    expect(await fx.output(first.id)).toBe('none\nrun\n');
    // The lower dir itself was never written.
    expect(existsSync(join(fx.bundle.rootfs, 'counter'))).toBe(false);
  });

  it('refuses relative or half-given dirs before doing anything', async () => {
    await fx.bundle.writeSpec(['true']);
    const bundle = fx.bundle.dir;
    const id = fx.id('bad-dirs');
    await expect(fx.runtime.create(id, { bundle, log: { dir: 'relative' } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(fx.runtime.create(id, { bundle, overlay: { lowerDirs: [fx.bundle.rootfs], upperDir: join(fx.root, 'u') } })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/give both or neither/),
    });
    expect(existsSync(join(fx.root, id))).toBe(false);
  });
});
