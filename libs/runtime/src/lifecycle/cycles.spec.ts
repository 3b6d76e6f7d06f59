import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cgroupDirectory, detectHostLayout } from '../cgroups/host-layout.js';
import type { OciNamespaceType, OciSpec } from '../model/oci-spec.js';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';
import { PROGRAM_STORE_DIR } from '../native/program-store.js';

/**
 * Leak checks: what a container may touch on the host — mounts, cgroups, the state root,
 * processes — is exactly as before after it is gone, whichever way it went.
 */
async function hostSnapshot(root: string) {
  const layout = await detectHostLayout();
  const cgroups: string[] = [];
  // The subtree containers go to (below our own cgroup), in every hierarchy.
  for (const hierarchy of [...layout.v1, ...(layout.v2 ? [layout.v2] : [])]) {
    const base = cgroupDirectory(hierarchy, '.');
    const dirs = (await walkCgroups(base)).filter((dir) => !ENGINE_PARENT.test(dir.slice(base.length)));
    cgroups.push(base, ...dirs);
  }
  return {
    mountinfo: await readFile('/proc/self/mountinfo', 'utf8'),
    cgroups: cgroups.sort(),
    // Less the compiled BPF programs: shared by every container of a profile, kept on purpose.
    stateRoot: (await readdir(root, { recursive: true })).filter((path) => !path.startsWith(PROGRAM_STORE_DIR)).sort(),
    shims: shimCount(),
  };
}

/**
 * The cgroup parents of API engines (engine-paths.ts, `berth-<tag>`): other processes on this
 * host, such as another project's tests running beside these, whose containers come and go.
 */
const ENGINE_PARENT = /^\/?berth-[0-9a-f]{8}(\/|$)/;

/** Every directory below `base`; walked again when one vanishes under the walk (another process's container went). */
async function walkCgroups(base: string): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const entries = await readdir(base, { recursive: true, withFileTypes: true });
      return entries.filter((entry) => entry.isDirectory()).map((entry) => join(entry.parentPath, entry.name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 5) throw error;
    }
  }
}

/** Per-container shims; not the runtime's fork server (`berth-shim serve`, our own child). */
function shimCount(): number {
  const out = execFileSync('ps', ['-eo', 'stat=,ppid=,comm='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => /^([^Z]\S*)\s+(\d+)\s+berth-shim$/.exec(line.trim()))
    .filter((match) => match && Number(match[2]) !== process.pid).length;
}

describe('cleanup (real kernel)', () => {
  let fx: RuntimeFixture;
  useRuntimeFixture((fixture) => (fx = fixture));

  it('100 create/delete cycles leave mounts, cgroups and the state root exactly as before', { timeout: 90_000 }, async () => {
    await fx.bundle.writeSpec(['true']);
    const before = await hostSnapshot(fx.root);
    for (let i = 0; i < 100; i++) {
      const id = `cycle-${i}`;
      await fx.runtime.create(id, { bundle: fx.bundle.dir });
      if (i % 2 === 0) {
        // Half of them run to completion, half are killed while created.
        await fx.runtime.start(id);
        expect((await fx.runtime.wait(id, 10_000)).exitCode).toBe(0);
        await fx.runtime.delete(id);
      } else {
        await fx.runtime.delete(id, { force: true });
      }
    }
    expect(await hostSnapshot(fx.root)).toEqual(before);
  });

  const badSpecs: [string, (spec: OciSpec) => void, RegExp][] = [
    ['missing rootfs', (spec) => (spec.root!.path = 'no-such-rootfs'), /root\.path: rootfs .*no-such-rootfs does not exist/],
    ['relative cwd', (spec) => (spec.process!.cwd = 'tmp'), /process\.cwd: "tmp" must be an absolute path/],
    ['relative mount destination', (spec) => spec.mounts!.push({ destination: 'data', type: 'tmpfs' }), /mounts\[\d+\]\.destination/],
    [
      'unknown namespace type',
      (spec) => spec.linux!.namespaces!.push({ type: 'bogus' as OciNamespaceType }),
      /linux\.namespaces\[6\]\.type: unknown namespace type "bogus"/,
    ],
    ['empty args', (spec) => (spec.process!.args = []), /process\.args: must name at least the command/],
    ['user namespace without mappings', (spec) => spec.linux!.namespaces!.push({ type: 'user' }), /linux\.uidMappings: at least one mapping/],
  ];
  it.each(badSpecs)('refuses a spec with %s before creating anything', async (_name, patch, message) => {
    await fx.bundle.writeSpec(['true'], patch);
    const before = await hostSnapshot(fx.root);
    await expect(fx.runtime.create(fx.id('bad'), { bundle: fx.bundle.dir })).rejects.toMatchObject({
      code: 'INVALID_SPEC',
      message: expect.stringMatching(message),
    });
    expect(await hostSnapshot(fx.root)).toEqual(before);
  });

  it('a create that fails in the kernel removes its cgroup and state directory', async () => {
    await fx.bundle.writeSpec(['/bin/no-such-command']);
    const before = await hostSnapshot(fx.root);
    await expect(fx.runtime.create(fx.id('nocmd'), { bundle: fx.bundle.dir })).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await hostSnapshot(fx.root)).toEqual(before);
  });

  it('overlapping containers leave no shared parent cgroup behind, whatever the delete order', async () => {
    await fx.bundle.writeSpec(['sleep', '30']);
    const before = await hostSnapshot(fx.root);
    const [a, b] = [fx.id('overlap-a'), fx.id('overlap-b')];
    await fx.runtime.create(a, { bundle: fx.bundle.dir });
    await fx.runtime.create(b, { bundle: fx.bundle.dir });
    // a made the berth/ parent; deleting a first must keep it for b, deleting b then removes it.
    await fx.runtime.delete(a, { force: true });
    expect((await fx.runtime.state(b)).status).toBe('created');
    await fx.runtime.delete(b, { force: true });
    expect(await hostSnapshot(fx.root)).toEqual(before);
  });

  it('refuses a second container with the same id and keeps the first', async () => {
    await fx.bundle.writeSpec(['sleep', '30']);
    const id = fx.id('dup');
    await fx.runtime.create(id, { bundle: fx.bundle.dir });
    await expect(fx.runtime.create(id, { bundle: fx.bundle.dir })).rejects.toMatchObject({ code: 'CONTAINER_EXISTS' });
    expect((await fx.runtime.state(id)).status).toBe('created');
  });

  it('delete refuses a running container without --force', async () => {
    const id = await fx.start('busy', ['sleep', '30']);
    await expect(fx.runtime.delete(id)).rejects.toMatchObject({ code: 'INVALID_STATUS' });
    await fx.runtime.delete(id, { force: true });
    await expect(fx.runtime.state(id)).rejects.toMatchObject({ code: 'CONTAINER_NOT_FOUND' });
  });
});
