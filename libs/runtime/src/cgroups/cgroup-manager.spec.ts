import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cgroupManagerFor, openCgroupManager } from './cgroup-manager.js';
import type { HostLayout } from './host-layout.js';

/**
 * Against directory trees shaped like cgroupfs (a cgroup.procs in every existing cgroup),
 * so the v1/v2 logic runs without root. The real kernel is exercised by the lifecycle specs.
 */
describe('CgroupManager on fake cgroup trees', () => {
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'berth-cgfake-'));
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  async function hierarchy(name: string, ownPath = '/'): Promise<string> {
    const mount = join(base, name);
    await mkdir(join(mount, ownPath), { recursive: true });
    await writeFile(join(mount, 'cgroup.procs'), '');
    await writeFile(join(mount, ownPath, 'cgroup.procs'), '');
    return mount;
  }

  it('v2: creates below our own cgroup, lists pids, removes only what it made', async () => {
    const mount = await hierarchy('unified', '/system.slice/api.service');
    const layout: HostLayout = { v1: [], v2: { version: 2, mountPoint: mount, mountRoot: '/', controllers: [], ownPath: '/system.slice/api.service' } };
    const manager = cgroupManagerFor(layout, 'berth/c1');
    await manager.create();
    const dir = join(mount, 'system.slice/api.service/berth/c1');
    expect(manager.procsFiles()).toEqual([join(dir, 'cgroup.procs')]);
    expect(manager.oomControlFile()).toBe(join(dir, 'memory.events'));

    await writeFile(join(dir, 'cgroup.procs'), '12\n7\n');
    // Another process reattaches from the record in state.json.
    const reopened = openCgroupManager(JSON.parse(JSON.stringify(manager.record())));
    expect(await reopened.pids()).toEqual([7, 12]);
    await rm(join(dir, 'cgroup.procs')); // a real cgroup dir rmdirs with its files; a fake one needs help
    await reopened.remove();
    expect(await readdir(join(mount, 'system.slice/api.service'))).toEqual(['cgroup.procs']);
  });

  it('v1 (hybrid): one dir per hierarchy plus the unified tree; memory.oom_control for OOM', async () => {
    const memory = await hierarchy('memory');
    const systemd = await hierarchy('systemd');
    const unified = await hierarchy('unified');
    const layout: HostLayout = {
      v1: [
        { version: 1, mountPoint: memory, mountRoot: '/', controllers: ['memory'], ownPath: '/' },
        { version: 1, mountPoint: systemd, mountRoot: '/', controllers: ['name=systemd'], ownPath: '/' },
      ],
      v2: { version: 2, mountPoint: unified, mountRoot: '/', controllers: [], ownPath: '/' },
    };
    const manager = cgroupManagerFor(layout, '/berth/c2');
    await manager.create();
    expect(manager.procsFiles()).toEqual([memory, systemd, unified].map((mount) => join(mount, 'berth/c2/cgroup.procs')));
    // On a hybrid host memory lives in v1; the unified tree's memory.events would say nothing.
    expect(manager.oomControlFile()).toBe(join(memory, 'berth/c2/memory.oom_control'));
    await manager.remove();
    for (const mount of [memory, systemd, unified]) expect(await readdir(mount)).toEqual(['cgroup.procs']);
  });

  it('v1: a failure in one hierarchy rolls back every hierarchy', async () => {
    const memory = await hierarchy('memory');
    // A fake cpuset cgroup lacks cpuset.cpus, so initialising it fails like a kernel error would.
    const cpuset = await hierarchy('cpuset');
    const unified = await hierarchy('unified');
    const layout: HostLayout = {
      v1: [
        { version: 1, mountPoint: memory, mountRoot: '/', controllers: ['memory'], ownPath: '/' },
        { version: 1, mountPoint: cpuset, mountRoot: '/', controllers: ['cpuset'], ownPath: '/' },
      ],
      v2: { version: 2, mountPoint: unified, mountRoot: '/', controllers: [], ownPath: '/' },
    };
    await expect(cgroupManagerFor(layout, '/berth/c3').create()).rejects.toMatchObject({ code: 'ENOENT' });
    for (const mount of [memory, cpuset, unified]) expect(await readdir(mount)).toEqual(['cgroup.procs']);
  });
});
