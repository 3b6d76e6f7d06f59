import { mkdirSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cgroupDirectory, detectHostLayout } from '../cgroups/host-layout.js';
import { Runtime } from '../engine/runtime.js';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';

function children(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The startup sweep on the real kernel, in a cgroup parent of its own (never the shared `berth`). */
describe('sweepOrphans (real kernel)', () => {
  let fx: RuntimeFixture;
  useRuntimeFixture((fixture) => (fx = fixture));

  it('removes cgroups no container of the root owns, keeps live ones, kills orphans only when asked', async () => {
    const parent = fx.id('berth-sweep');
    const runtime = new Runtime({ root: fx.root, cgroupParent: parent });
    const layout = await detectHostLayout();
    const hierarchies = [...layout.v1, layout.v2!];
    await fx.bundle.writeSpec(['sleep', '30']);
    const live = fx.id('live');
    await runtime.run(live, { bundle: fx.bundle.dir });
    // An orphan with a process: a container whose state directory vanished.
    const orphan = fx.id('orphan');
    await runtime.run(orphan, { bundle: fx.bundle.dir });
    try {
      await sweepScenario();
    } finally {
      // Whatever failed above, leave no orphan of ours behind on the host.
      await runtime.delete(live, { force: true }).catch(() => undefined);
      await runtime.sweepOrphans({ killProcesses: true });
    }

    async function sweepScenario(): Promise<void> {
      const orphanPid = (await runtime.inspect(orphan)).init!.pid;
      const { rm } = await import('node:fs/promises');
      await rm(runtime.stateDir(orphan), { recursive: true });
      // An empty orphan in every hierarchy, as a crash between mkdir and state.json leaves.
      for (const h of hierarchies) mkdirSync(`${cgroupDirectory(h, parent)}/stale`);

      const first = await runtime.sweepOrphans();
      expect(first.removed).toHaveLength(hierarchies.length);
      expect(first.busy).toHaveLength(hierarchies.length);
      for (const h of hierarchies) expect(children(cgroupDirectory(h, parent))).toEqual([live, orphan].sort());

      const second = await runtime.sweepOrphans({ killProcesses: true });
      expect(second.busy).toEqual([]);
      expect(second.removed).toHaveLength(hierarchies.length);
      expect(() => process.kill(orphanPid, 0)).toThrow();
      expect((await runtime.state(live)).status).toBe('running');
      for (const h of hierarchies) expect(children(cgroupDirectory(h, parent))).toEqual([live]);

      await runtime.delete(live, { force: true });
      for (const h of hierarchies) expect(() => readdirSync(cgroupDirectory(h, parent))).toThrow(/ENOENT/);
    }
  });
});
