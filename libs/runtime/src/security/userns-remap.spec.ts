import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';
import { waitFor } from '../testing/wait-for.js';
import { USERNS_REMAP_ANNOTATION } from './privileged.js';
import { ensureRemapRange, freeRange, parseSubordinate, REMAP_FIRST, REMAP_SIZE, type SubordinateFiles } from './subordinate-ids.js';

const CHILD = fileURLToPath(new URL('../testing/remap-range-child.ts', import.meta.url));
const isRoot = process.getuid?.() === 0 && process.platform === 'linux';

async function tempFiles(uid = '', gid = ''): Promise<SubordinateFiles & { dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-subid-'));
  const files = { dir, subuid: join(dir, 'subuid'), subgid: join(dir, 'subgid') };
  await writeFile(files.subuid, uid);
  await writeFile(files.subgid, gid);
  return files;
}

function berthLines(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('berth:'));
}

function runChild(files: SubordinateFiles): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, files.subuid, files.subgid], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`child exited ${code}`))));
  });
}

describe('the berth subordinate id range', () => {
  it('parses name:start:count lines and skips anything else', () => {
    expect(parseSubordinate('alice:100000:65536\n# comment\n\nbad line\nberth:165536:65536\n')).toEqual([
      { name: 'alice', start: 100000, count: 65536 },
      { name: 'berth', start: 165536, count: 65536 },
    ]);
  });

  it('allocates the first free 65536-block from 100000 that overlaps nothing', () => {
    expect(freeRange([])).toBe(REMAP_FIRST);
    const alice = parseSubordinate('alice:100000:65536\n');
    expect(freeRange(alice)).toBe(REMAP_FIRST + REMAP_SIZE);
    // Overlapping only partly still takes the block.
    expect(freeRange(alice, parseSubordinate('bob:200000:10\n'))).toBe(REMAP_FIRST + 2 * REMAP_SIZE);
  });

  it('adds one entry to each file, keeps the others, and reuses it', async () => {
    const files = await tempFiles('alice:100000:65536', 'alice:100000:65536\n');
    try {
      await chmod(files.subuid, 0o640);
      const range = await ensureRemapRange(files);
      expect(range).toEqual({ uid: 165536, gid: 165536, size: 65536 });
      expect(await readFile(files.subuid, 'utf8')).toBe('alice:100000:65536\nberth:165536:65536\n');
      expect(await readFile(files.subgid, 'utf8')).toBe('alice:100000:65536\nberth:165536:65536\n');
      // The rewrite keeps the file's mode.
      expect((await stat(files.subuid)).mode & 0o777).toBe(0o640);
      expect(await ensureRemapRange(files)).toEqual(range);
      expect(berthLines(await readFile(files.subuid, 'utf8'))).toHaveLength(1);
    } finally {
      await rm(files.dir, { recursive: true, force: true });
    }
  });

  it('uses an existing berth entry, and completes a file that lacks it', async () => {
    const files = await tempFiles('berth:300000:65536\n', 'x:100000:65536\n');
    try {
      expect(await ensureRemapRange(files)).toEqual({ uid: 300000, gid: 165536, size: 65536 });
      expect(berthLines(await readFile(files.subgid, 'utf8'))).toEqual(['berth:165536:65536']);
    } finally {
      await rm(files.dir, { recursive: true, force: true });
    }
  });

  it('writes exactly one berth line when several processes make their first remapped container at once', { timeout: 60_000 }, async () => {
    for (let round = 0; round < 3; round++) {
      const files = await tempFiles();
      try {
        const ranges = await Promise.all([runChild(files), runChild(files), runChild(files)]);
        expect(new Set(ranges).size).toBe(1);
        expect(berthLines(await readFile(files.subuid, 'utf8'))).toEqual(['berth:100000:65536']);
        expect(berthLines(await readFile(files.subgid, 'utf8'))).toEqual(['berth:100000:65536']);
        // No lock or temp file left behind.
        expect((await import('node:fs')).readdirSync(files.dir).sort()).toEqual(['subgid', 'subuid']);
      } finally {
        await rm(files.dir, { recursive: true, force: true });
      }
    }
  });

  // The one test touching the real files: it leaves /etc/subuid and /etc/subgid with exactly
  // one berth line (adding it if absent, which is what any first remapped container does).
  it.skipIf(!isRoot)('leaves exactly one berth line in the real /etc/subuid and /etc/subgid', async () => {
    const files = { subuid: '/etc/subuid', subgid: '/etc/subgid' };
    const [a, b] = await Promise.all([ensureRemapRange(files), ensureRemapRange(files)]);
    expect(a).toEqual(b);
    expect(berthLines(await readFile('/etc/subuid', 'utf8'))).toHaveLength(1);
    expect(berthLines(await readFile('/etc/subgid', 'utf8'))).toHaveLength(1);
  });
});

// Both ways of giving the rootfs the right owners: this kernel's idmapped mounts (the default),
// and the shifted copy forced the way a kernel without them would get it.
describe.skipIf(!isRoot).each(['idmapped', 'shifted-copy'] as const)('user-namespace remapping (real kernel, %s rootfs)', (path) => {
  let fx: RuntimeFixture;
  let files: SubordinateFiles & { dir: string };
  let shared: string;
  let cacheDir: string;
  const remapRootfs = path === 'shifted-copy' ? ('shifted-copy' as const) : undefined;
  // Temp subuid files that already hold someone else's range, so the berth range is not the first block.
  beforeAll(async () => {
    files = await tempFiles('someone:100000:65536\n', 'someone:100000:65536\n');
    shared = await mkdtemp(join(tmpdir(), 'berth-remap-bind-'));
    // World-writable: container root is host uid 165536 and must be able to create a file here.
    await chmod(shared, 0o777);
    cacheDir = await mkdtemp(join(tmpdir(), 'berth-remap-cache-'));
    await chmod(cacheDir, 0o711);
  });
  useRuntimeFixture(
    (fixture) => (fx = fixture),
    () => ({ remap: { files, cacheDir } }),
  );
  afterAll(async () => {
    await rm(files.dir, { recursive: true, force: true });
    await rm(shared, { recursive: true, force: true });
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('runs container root as the range start: host owner of its files, host uid in /proc, rootfs owned by 0 inside', { timeout: 30_000 }, async () => {
    const script = 'id -u; stat -c "%u:%g" / /bin/busybox /etc/passwd; touch /data/from-container; echo new >/created && cat /created; sleep 30';
    const id = await fx.start(
      'remap',
      ['sh', '-c', script],
      (spec) => spec.mounts!.push({ destination: '/data', type: 'bind', source: shared, options: ['rbind'] }),
      { userns: 'remap', remapRootfs },
    );
    await waitFor(async () => (await fx.output(id)).includes('new\n'));
    expect(await fx.output(id)).toBe('0\n0:0\n0:0\n0:0\nnew\n');

    const start = REMAP_FIRST + REMAP_SIZE;
    const written = await stat(join(shared, 'from-container'));
    expect([written.uid, written.gid]).toEqual([start, start]);
    const state = await fx.runtime.inspect(id);
    const status = await readFile(`/proc/${state.init!.pid}/status`, 'utf8');
    expect(status).toMatch(new RegExp(`^Uid:\\s+${start}\\s+${start}\\s+${start}\\s+${start}$`, 'm'));
    expect(status).toMatch(new RegExp(`^Gid:\\s+${start}\\s`, 'm'));
    expect(state.usernsRemap).toEqual({ uid: start, gid: start, size: REMAP_SIZE, rootfs: path });
    expect((await fx.runtime.state(id)).annotations).toMatchObject({ [USERNS_REMAP_ANNOTATION]: `${start}:${start}:${REMAP_SIZE}` });
    // The bundle's rootfs was not chowned.
    expect((await stat(join(fx.bundle.rootfs, 'bin', 'busybox'))).uid).toBe(0);
    expect((await stat(fx.bundle.rootfs)).uid).toBe(0);
    if (path === 'idmapped') {
      // No copy was made, and container root's write landed in the rootfs as host root's file
      // (the idmap shifts it back), as it would without remapping.
      expect(await readdir(cacheDir)).toEqual([]);
      const created = await stat(join(fx.bundle.rootfs, 'created'));
      expect([created.uid, created.gid]).toEqual([0, 0]);
      await rm(join(fx.bundle.rootfs, 'created'));
    } else {
      // The copy sits below a per-container upper dir, which took the write.
      expect(await readdir(cacheDir)).toHaveLength(1);
      expect(await readFile(join(fx.runtime.stateDir(id), 'upper', 'created'), 'utf8')).toBe('new\n');
    }
    expect(berthLines(await readFile(files.subuid, 'utf8'))).toEqual([`berth:${start}:${REMAP_SIZE}`]);
  });

  it('has no more power on the host than its uid: host-owned files in a bind mount stay unwritable', { timeout: 30_000 }, async () => {
    const hostOnly = join(shared, 'host-only');
    await writeFile(hostOnly, 'host\n', { mode: 0o644 });
    const { output } = await fx.runToExit(
      'remap-deny',
      ['sh', '-c', 'echo x >>/data/host-only && echo WROTE; chown 0 /data/host-only && echo CHOWNED; cat /proc/self/uid_map'],
      (spec) => spec.mounts!.push({ destination: '/data', type: 'bind', source: shared, options: ['rbind'] }),
      { userns: 'remap', remapRootfs },
    );
    expect(output).not.toContain('WROTE');
    expect(output).not.toContain('CHOWNED');
    expect(output).toMatch(new RegExp(`^\\s*0\\s+${REMAP_FIRST + REMAP_SIZE}\\s+${REMAP_SIZE}$`, 'm'));
    expect(await readFile(hostOnly, 'utf8')).toBe('host\n');
  });

  it("keeps a spec's own user namespace", { timeout: 30_000 }, async () => {
    const { output, id } = await fx.runToExit(
      'own-userns',
      ['cat', '/proc/self/uid_map'],
      (spec) => {
        spec.linux!.namespaces!.push({ type: 'user' });
        spec.linux!.uidMappings = [{ containerID: 0, hostID: 300000, size: 65536 }];
        spec.linux!.gidMappings = [{ containerID: 0, hostID: 300000, size: 65536 }];
      },
      { userns: 'remap', remapRootfs },
    );
    expect(output).toMatch(/^\s*0\s+300000\s+65536$/m);
    expect((await fx.runtime.inspect(id)).usernsRemap).toBeUndefined();
  });
});
