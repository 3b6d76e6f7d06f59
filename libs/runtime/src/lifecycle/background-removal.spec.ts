import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRASH_DIR } from '../state/trash.js';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';

/**
 * A Runtime with `removeInBackground` (what the API uses): delete answers once the container is
 * gone from the kernel and its directory is moved aside; the files go after, and close() waits
 * for them (real containers, root).
 */
describe('delete with background removal', () => {
  let fx: RuntimeFixture;
  useRuntimeFixture(
    (fixture) => (fx = fixture),
    () => ({ removeInBackground: true }),
  );

  it('frees the id at once, removes the files after, and leaves an empty trash once settled', async () => {
    // Its writes land in an upper dir inside its state directory: 300 files to remove.
    const first = await fx.runToExit('bg', ['sh', '-c', 'for i in $(seq 300); do echo x > /f$i; done'], undefined, {
      overlay: { lowerDirs: [fx.bundle.rootfs] },
    });
    const dir = fx.runtime.stateDir(first.id);
    await fx.runtime.delete(first.id);
    expect(existsSync(dir)).toBe(false);
    expect(await fx.runtime.list()).toEqual([]);
    // The same id again, while the first one's files may still be going.
    await fx.bundle.writeSpec(['true']);
    await fx.runtime.run(first.id, { bundle: fx.bundle.dir });
    await fx.runtime.wait(first.id, 10_000);
    await fx.runtime.delete(first.id);
    await fx.runtime.close();
    expect(existsSync(join(fx.root, TRASH_DIR))).toBe(false);
  });

  it('removes what a crash left in the trash when the next runtime starts', async () => {
    const { Runtime } = await import('../engine/runtime.js');
    mkdirSync(join(fx.root, TRASH_DIR), { recursive: true });
    writeFileSync(join(fx.root, TRASH_DIR, 'left-behind'), 'x');
    const next = new Runtime({ root: fx.root, removeInBackground: true });
    await next.close();
    expect(existsSync(join(fx.root, TRASH_DIR))).toBe(false);
  });
});
