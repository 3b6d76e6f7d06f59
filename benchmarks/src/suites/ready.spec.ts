import { describe, expect, it } from 'vitest';
import { runSuite } from '../run/run-suite.js';
import { hostSnapshot, linksOwnedBy } from '../testing/host-snapshot.js';
import { persistRoundTrip } from '../testing/persist-round-trip.js';
import { readySuite } from './ready.js';

// Needs root, the built API server, PostgreSQL, busybox-static and QEMU with Debian's kernel
// (npm test provides them). KVM is measured where it boots a stock kernel, else missing with why.
describe('ready suite (smoke)', () => {
  it('times a container and an emulated VM from start to their first HTTP answer, stores the run, and leaves nothing behind', async () => {
    const before = hostSnapshot();
    const run = await runSuite(readySuite, { smoke: true, log: () => undefined });
    const bySubject = new Map(run.results.map((result) => [result.subject, result]));

    const container = bySubject.get('berth (REST API)')!;
    expect(container.error).toBeUndefined();
    expect(container.summary!.samples).toBe(5);
    expect(container.ratioToBaseline).toBe(1);
    const tcg = bySubject.get('QEMU q35 (TCG)')!;
    expect(tcg.error).toBeUndefined();
    expect(tcg.summary!.samples).toBe(2);
    // Booting a kernel under emulation and bringing up a NIC cannot beat a container start.
    expect(tcg.summary!.median).toBeGreaterThan(container.summary!.median);
    // The fastest VM that boots here, emulated, beside q35.
    const microvm = bySubject.get('QEMU microvm (TCG)')!;
    expect(microvm.error).toBeUndefined();
    expect(microvm.summary!.samples).toBe(2);
    expect(microvm.summary!.median).toBeGreaterThan(container.summary!.median);
    const kvm = bySubject.get('QEMU microvm (KVM)')!;
    expect(Boolean(kvm.summary) !== Boolean(kvm.missing), kvm.error).toBe(true);

    const { id, loaded } = await persistRoundTrip(run);
    expect(loaded).toEqual({ id, ...run });
    expect(hostSnapshot()).toEqual(before);
    // The server's default bridge and the containers' veths went with it.
    expect(linksOwnedBy(run.environment['berth server state root']!)).toEqual([]);
  }, 180_000);
});
