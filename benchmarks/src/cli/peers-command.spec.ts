import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bootVm, obtainDebianKernel } from '@berth/runtime/testing';
import { describe, expect, it, vi } from 'vitest';
import { buildSharedFixtures } from '../fixtures/shared-fixtures.js';
import { findBinary } from '../peers/find-binary.js';
import { berthToolPeers, BINARY_PEERS, listPeers } from '../peers/peer-catalogue.js';
import { main } from './bench.js';

/** Runs the CLI in this process; returns its exit status and stdout. */
async function bench(...args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  try {
    return { code: await main(['node', 'bench', ...args]), stdout };
  } finally {
    write.mockRestore();
  }
}

describe('bench peers', () => {
  it('lists every peer present with a version or missing with a reason, as the binaries on PATH say', async () => {
    const { code, stdout } = await bench('peers', '--json');
    expect(code).toBe(0);
    const { peers } = JSON.parse(stdout) as { peers: { name: string; present: boolean; version?: string; reason?: string }[] };
    expect(peers.map((peer) => peer.name)).toEqual([
      ...BINARY_PEERS.map((peer) => peer.name),
      ...berthToolPeers().map((peer) => peer.name),
      'busybox-static',
      'Debian kernel for the VM',
      'KVM',
    ]);
    // Berth's own tools are listed by package, from the same lists the bootstrap installs from.
    expect(peers.map((peer) => peer.name)).toEqual(expect.arrayContaining(['berth: iptables', 'berth: iproute2', 'berth: attr']));
    for (const peer of peers) {
      // Either a version or a reason, never both and never neither.
      expect(peer.present ? Boolean(peer.version) && !peer.reason : Boolean(peer.reason) && !peer.version, peer.name).toBe(true);
    }
    for (const peer of BINARY_PEERS) {
      expect(peers.find((entry) => entry.name === peer.name)!.present, peer.name).toBe(findBinary(peer.binary) !== undefined);
    }
    // npm test installs busybox-static: the bundles of every suite are made from it.
    expect(peers.find((peer) => peer.name === 'busybox-static')).toMatchObject({ present: true, version: expect.stringMatching(/^BusyBox v\d/) });
  }, 60_000);

  it('prints one line per peer for people', async () => {
    const { stdout } = await bench('peers');
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength((await listPeers({ probeKvm: false })).length);
    for (const line of lines) expect(line).toMatch(/^\S.* {2}(present|MISSING) {2}\S/);
  }, 60_000);

  it('builds the shared fixtures: a bundle runc runs and an initramfs that boots Debian’s kernel', async () => {
    const cache = mkdtempSync('/tmp/berth-bench-fixtures-spec-');
    const kernel = await obtainDebianKernel();
    const fixtures = await buildSharedFixtures(kernel, cache);
    try {
      expect(JSON.parse(readFileSync(join(fixtures.bundle, 'config.json'), 'utf8')).process.args).toEqual(['/bin/true']);
      const runc = findBinary('runc');
      if (runc) {
        const root = mkdtempSync('/run/berth-bench-fixtures-runc-');
        try {
          const result = spawnSync(runc, ['--root', root, 'run', '--bundle', fixtures.bundle, `fixtures-spec-${process.pid}`], { encoding: 'utf8' });
          expect(result.status, result.stderr).toBe(0);
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      }
      const run = await bootVm({
        kernel: kernel.vmlinuz,
        initramfs: readFileSync(fixtures.initramfs),
        accel: 'tcg',
        cpus: 1,
        memoryMiB: 256,
        timeoutMs: 90_000,
      });
      expect(run.exitCode).toBe(0);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  }, 120_000);
});
