import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cgroupManagerFor } from './cgroup-manager.js';
import type { HostLayout } from './host-layout.js';

/**
 * The v2 manager against a directory tree shaped like a real unified hierarchy (this machine
 * is v1): the interface files exist where the kernel would create them, so a write to a file
 * of a controller that is not enabled fails with ENOENT as it would on the kernel.
 */
describe('V2 CgroupManager on a v2-shaped tree', () => {
  let mount: string;
  const LEAF_FILES: Record<string, string> = {
    'cgroup.procs': '',
    'cgroup.controllers': 'cpuset cpu io memory pids',
    'cgroup.subtree_control': '',
    'cgroup.freeze': '0',
    'cgroup.events': 'populated 1\nfrozen 0\n',
    'memory.max': 'max',
    'memory.low': '0',
    'memory.swap.max': 'max',
    'memory.current': '8388608',
    'memory.peak': '9437184',
    'memory.events': 'low 0\nhigh 0\nmax 2\noom 1\noom_kill 1\n',
    'memory.stat': 'anon 4194304\nfile 0\n',
    'cpu.max': 'max 100000',
    'cpu.weight': '100',
    'cpu.stat': 'usage_usec 1200\nuser_usec 1000\nsystem_usec 200\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n',
    'cpuset.cpus': '',
    'cpuset.mems': '',
    'pids.max': 'max',
    'pids.current': '2',
    'io.max': '',
    'io.weight': 'default 100',
    'io.stat': '8:0 rbytes=4096 wbytes=0 rios=1 wios=0 dbytes=0 dios=0',
  };

  beforeEach(async () => {
    mount = await mkdtemp(join(tmpdir(), 'berth-cgv2-'));
    await writeFile(join(mount, 'cgroup.procs'), '');
    await writeFile(join(mount, 'cgroup.controllers'), 'cpuset cpu io memory hugetlb pids rdma misc');
    await writeFile(join(mount, 'cgroup.subtree_control'), '');
  });
  afterEach(async () => {
    await rm(mount, { recursive: true, force: true });
  });

  const layout = (): HostLayout => ({ v1: [], v2: { version: 2, mountPoint: mount, mountRoot: '/', controllers: [], ownPath: '/' } });

  /** What the kernel does on mkdir: the interface files appear. */
  async function populate(dir: string, files: Record<string, string> = LEAF_FILES): Promise<void> {
    await mkdir(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  }

  it('enables the controllers from the root down and writes converted limits', async () => {
    await populate(join(mount, 'berth'));
    const manager = cgroupManagerFor(layout(), '/berth/c1');
    await populate(join(mount, 'berth/c1'));
    await manager.create();
    expect(await readFile(join(mount, 'cgroup.subtree_control'), 'utf8')).toBe('+cpu +cpuset +io +memory +pids');
    expect(await readFile(join(mount, 'berth/cgroup.subtree_control'), 'utf8')).toBe('+cpu +cpuset +io +memory +pids');

    await manager.apply(
      {
        memory: { limit: 64 << 20, swap: 80 << 20 },
        cpu: { shares: 512, quota: 25_000, period: 100_000, cpus: '0' },
        pids: { limit: 20 },
        blockIO: { weight: 1000 },
      },
      'create',
    );
    const file = (name: string) => readFile(join(mount, 'berth/c1', name), 'utf8');
    expect(await file('memory.max')).toBe(String(64 << 20));
    expect(await file('memory.swap.max')).toBe(String(16 << 20));
    expect(await file('cpu.weight')).toBe('20');
    expect(await file('cpu.max')).toBe('25000 100000');
    expect(await file('cpuset.cpus')).toBe('0');
    expect(await file('pids.max')).toBe('20');
    expect(await file('io.weight')).toBe('default 10000');
    expect(manager.oomControlFile()).toBe(join(mount, 'berth/c1/memory.events'));
  });

  it('explains a controller that is not enabled; leaves the device policy to the eBPF program', async () => {
    const manager = cgroupManagerFor(layout(), '/berth/c2');
    const { 'pids.max': _, ...withoutPids } = LEAF_FILES;
    await populate(join(mount, 'berth/c2'), withoutPids);
    await manager.create();
    await expect(manager.apply({ pids: { limit: 5 } }, 'update')).rejects.toMatchObject({
      code: 'NOT_SUPPORTED',
      message: expect.stringMatching(/^linux\.resources\.pids\.limit: pids\.max does not exist in .*: the pids controller is not enabled there/),
    });
    // No file to write: create compiles the rules into a program the shim attaches to this directory.
    await manager.apply({ devices: [{ allow: false, access: 'rwm' }] }, 'create');
    expect(manager.deviceProgramCgroup()).toBe(join(mount, 'berth/c2'));
  });

  it('reads stats and freezes through cgroup.freeze / cgroup.events', async () => {
    const manager = cgroupManagerFor(layout(), '/berth/c3');
    await populate(join(mount, 'berth/c3'));
    await manager.create();
    expect(await manager.stats()).toMatchObject({
      cpu: { usageTotalNs: 1_200_000 },
      memory: { usage: 8388608, maxUsage: 9437184, limit: undefined, failcnt: 2, oomKills: 1 },
      pids: { current: 2, limit: undefined },
      io: [{ major: 8, minor: 0, readBytes: 4096, readOps: 1 }],
    });
    // The fake kernel settles a moment after the request, as the real one does.
    const events = join(mount, 'berth/c3/cgroup.events');
    const freezing = manager.freeze();
    setTimeout(() => void writeFile(events, 'populated 1\nfrozen 1\n'), 30);
    await freezing;
    expect(await readFile(join(mount, 'berth/c3/cgroup.freeze'), 'utf8')).toBe('1');
    expect(await manager.isFrozen()).toBe(true);
    const thawing = manager.thaw();
    setTimeout(() => void writeFile(events, 'populated 1\nfrozen 0\n'), 30);
    await thawing;
    expect(await manager.isFrozen()).toBe(false);
  });
});
