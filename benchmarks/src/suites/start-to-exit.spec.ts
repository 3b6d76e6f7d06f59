import { describe, expect, it } from 'vitest';
import { runSuite } from '../run/run-suite.js';
import { startToExitSuite } from './start-to-exit.js';

// Needs root and a static busybox (npm test installs busybox-static). crun and runc are
// measured when installed (`npm run bench` installs them) and reported missing otherwise.
describe('start-to-exit suite (smoke)', () => {
  it('measures Berth through the library, the native CLI and the TypeScript CLI, and every peer or the reason it is missing', async () => {
    const lines: string[] = [];
    const run = await runSuite(startToExitSuite, { smoke: true, log: (line) => lines.push(line) });
    const bySubject = new Map(run.results.map((result) => [result.subject, result]));
    for (const berth of ['berth (library, warm)', 'berth-runtime run (cold process)', 'berth (TypeScript CLI, cold process)']) {
      const result = bySubject.get(berth);
      expect(result?.error, berth).toBeUndefined();
      expect(result?.summary?.samples, berth).toBeGreaterThanOrEqual(5);
      expect(result?.summary?.median, berth).toBeGreaterThan(0);
    }
    for (const peer of ['crun', 'runc']) {
      const result = bySubject.get(peer)!;
      // Either a real measurement or an honest reason, never both and never neither.
      expect(Boolean(result.summary) !== Boolean(result.missing), peer).toBe(true);
      expect(result.error, peer).toBeUndefined();
    }
    // Issue 18's comparison: both through containerd, measured in alternating pairs, or both missing with the reason.
    const viaContainerd = ['berth via containerd (ctr run --rm)', 'runc via containerd (ctr run --rm)'].map((name) => bySubject.get(name)!);
    for (const result of viaContainerd) {
      expect(result.error, result.subject).toBeUndefined();
      expect(Boolean(result.summary) !== Boolean(result.missing), result.subject).toBe(true);
    }
    if (viaContainerd[0]!.summary) expect(viaContainerd[1]!.summary?.samples).toBe(viaContainerd[0]!.summary.samples);
    // TCG needs only QEMU and Debian's kernel, which `npm test` provides; KVM is measured
    // where it boots a stock kernel and otherwise says why (kvm_pvm here).
    for (const vm of ['QEMU microvm (KVM)', 'QEMU microvm (TCG)', 'QEMU q35 (TCG)']) {
      const result = bySubject.get(vm)!;
      expect(Boolean(result.summary) !== Boolean(result.missing), `${vm}: ${result.error ?? ''}`).toBe(true);
      expect(result.error, vm).toBeUndefined();
    }
    expect(bySubject.get('QEMU q35 (TCG)')?.summary?.samples).toBe(2);
    // The fastest VM that boots here, emulated: microvm, told its TSC rate so it never hangs calibrating.
    expect(bySubject.get('QEMU microvm (TCG)')?.summary?.samples).toBe(2);
    if (bySubject.get('crun')?.summary) expect(bySubject.get('berth (library, warm)')!.ratioToBaseline).toBeGreaterThan(0);
  }, 300_000);
});
