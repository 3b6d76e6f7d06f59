import { describe, expect, it } from 'vitest';
import { runSuite } from '../run/run-suite.js';
import { hostSnapshot } from '../testing/host-snapshot.js';
import { persistRoundTrip } from '../testing/persist-round-trip.js';
import { overheadSuite } from './overhead.js';

describe('overhead suite (smoke)', () => {
  it('times both loops on the host, in a container and in an emulated VM, with ratios to the host, and stores the run', async () => {
    const before = hostSnapshot();
    const run = await runSuite(overheadSuite, { smoke: true, log: () => undefined });
    for (const metric of ['cpu loop', 'memory loop']) {
      const rows = new Map(run.results.filter((result) => result.metric === metric).map((result) => [result.subject, result]));
      for (const subject of ['host (busybox sh)', 'berth container (library)', 'QEMU q35 (TCG)']) {
        expect(rows.get(subject)?.error, `${subject} ${metric}`).toBeUndefined();
        expect(rows.get(subject)?.summary?.samples, `${subject} ${metric}`).toBe(1);
      }
      expect(rows.get('host (busybox sh)')!.ratioToBaseline).toBe(1);
      // Emulation runs every guest instruction through TCG: slower than the host by far.
      expect(rows.get('QEMU q35 (TCG)')!.ratioToBaseline).toBeGreaterThan(2);
      const kvm = rows.get('QEMU microvm (KVM)')!;
      expect(Boolean(kvm.summary) !== Boolean(kvm.missing), kvm.error).toBe(true);
    }
    const { id, loaded } = await persistRoundTrip(run);
    expect(loaded).toEqual({ id, ...run });
    expect(hostSnapshot()).toEqual(before);
  }, 120_000);
});
