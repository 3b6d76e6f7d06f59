import { describe, expect, it } from 'vitest';
import { runSuite } from '../run/run-suite.js';
import { hostSnapshot } from '../testing/host-snapshot.js';
import { persistRoundTrip } from '../testing/persist-round-trip.js';
import { densitySuite } from './density.js';

// Smoke counts (10 containers, 2 VMs): the plumbing, not the figures of a full run.
describe('density suite (smoke)', () => {
  it('starts idle containers and VMs, reads start time and memory per instance, stores the run, and removes every container, cgroup and VM', async () => {
    const before = hostSnapshot();
    const run = await runSuite(densitySuite, { smoke: true, log: () => undefined });
    const rows = (subject: string) => run.results.filter((result) => result.subject === subject);

    const containers = rows('berth (library), 10 containers');
    expect(containers.map((result) => [result.metric, result.unit])).toEqual([
      ['start time per instance', 'ms'],
      ['host memory per instance (PSS)', 'MiB'],
    ]);
    for (const result of containers) {
      expect(result.error, result.metric).toBeUndefined();
      expect(result.summary!.samples).toBe(2);
    }
    expect(containers[0]!.summary!.median).toBeGreaterThan(0);
    // A sleeping busybox and its shim: some pages of their own, far less than a VM.
    expect(containers[1]!.summary!.median).toBeGreaterThan(0);
    const vms = rows('QEMU q35 (TCG), 2 VMs');
    for (const result of vms) expect(result.error, result.metric).toBeUndefined();
    // An emulated boot takes seconds, a container start milliseconds; a guest kernel's memory is tens of MiB.
    expect(vms[0]!.summary!.median).toBeGreaterThan(containers[0]!.summary!.median);
    expect(vms[1]!.summary!.median).toBeGreaterThan(10 * containers[1]!.summary!.median);
    expect(run.environment['QEMU q35 (TCG), 2 VMs: MemAvailable fall per instance']).toMatch(/MiB per round/);
    // The fastest VM that boots here, emulated, beside q35: still seconds and tens of MiB.
    const microvms = rows('QEMU microvm (TCG), 2 VMs');
    for (const result of microvms) expect(result.error, result.metric).toBeUndefined();
    expect(microvms[0]!.summary!.median).toBeGreaterThan(containers[0]!.summary!.median);
    for (const result of rows('QEMU microvm (KVM), 2 VMs')) expect(Boolean(result.summary) !== Boolean(result.missing), result.error).toBe(true);

    const { id, loaded } = await persistRoundTrip(run);
    expect(loaded).toEqual({ id, ...run });
    expect(hostSnapshot()).toEqual(before);
  }, 180_000);
});
