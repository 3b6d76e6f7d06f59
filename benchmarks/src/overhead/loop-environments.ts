import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { findStaticBusybox, RuntimeFixture, runInKernelVm } from '@berth/runtime/testing';
import { processOutput } from '../peers/run-process.js';
import { removeCgroupBelowSelf } from '../peers/remove-own-cgroup.js';
import { debianKernel } from '../subjects/qemu-vm.js';
import { MissingPeer } from '../subjects/subject.js';
import { kvmBootFailure, MACHINE, type Accel } from '../vm/vm-availability.js';
import { loopScript, parseLoopOutput, type LoopSizes, type LoopTimings } from './loop-workload.js';

/** The loops on the host: busybox sh in this host's namespaces and cgroup, scratch on /dev/shm (tmpfs). */
export async function loopsOnHost(sizes: LoopSizes): Promise<LoopTimings> {
  const scratch = await mkdtemp('/dev/shm/berth-bench-loops-');
  try {
    return parseLoopOutput(await processOutput(findStaticBusybox(), ['sh', '-c', loopScript(sizes, scratch)]), sizes.repetitions);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The loops in a Berth container (library): busybox bundle, default namespaces, own cgroup, scratch on a tmpfs mount. */
export async function loopsInContainer(sizes: LoopSizes, timeoutMs: number): Promise<LoopTimings> {
  const cgroupParent = `berth-bench-overhead-${randomBytes(3).toString('hex')}`;
  const fixture = await RuntimeFixture.create({ cgroupParent });
  let timings: LoopTimings;
  try {
    timings = await runInContainer(fixture, sizes, timeoutMs);
  } finally {
    await fixture.dispose();
  }
  // Deleting the container leaves its parent cgroup: removed here, and a leak is this row's failure.
  const left = removeCgroupBelowSelf(cgroupParent);
  if (left.length > 0) throw new Error(`cgroups still in use after the container was deleted: ${left.join(', ')}`);
  return timings;
}

async function runInContainer(fixture: RuntimeFixture, sizes: LoopSizes, timeoutMs: number): Promise<LoopTimings> {
  await fixture.bundle.writeSpec(['sh', '-c', loopScript(sizes, '/scratch')], (spec) => {
    spec.mounts!.push({ destination: '/scratch', type: 'tmpfs', source: 'tmpfs', options: [`size=${sizes.memMiB + 16}m`] });
  });
  const id = fixture.id('overhead');
  await fixture.runtime.run(id, { bundle: fixture.bundle.dir });
  const exit = await fixture.runtime.wait(id, timeoutMs);
  const output = await fixture.output(id);
  if (exit.exitCode !== 0) throw new Error(`the loops exited ${exit.exitCode} in the container: ${output.trim().slice(-300)}`);
  return parseLoopOutput(output, sizes.repetitions);
}

/** The loops as a VM's only command: Debian's kernel, busybox initramfs, scratch on a fresh tmpfs; one boot runs every repetition. */
export async function loopsInVm(sizes: LoopSizes, accel: Accel, timeoutMs: number): Promise<LoopTimings> {
  const kernel = await debianKernel();
  if (accel === 'kvm') {
    const failure = await kvmBootFailure(kernel);
    if (failure) throw new MissingPeer(failure);
  }
  const run = await runInKernelVm({
    kernel,
    accel,
    machine: MACHINE[accel],
    cpus: 1,
    memoryMiB: vmMemoryMiB(sizes),
    setup: [`mount -t tmpfs -o size=${sizes.memMiB + 16}m tmpfs /tmp || fail "tmpfs on /tmp"`],
    command: loopScript(sizes, '/tmp'),
    timeoutMs,
  });
  if (run.exitCode !== 0) throw new Error(`the loops exited ${run.exitCode} in the VM`);
  return parseLoopOutput(run.serial, sizes.repetitions);
}

/** Room for the guest kernel and the initramfs beside the scratch file. */
export function vmMemoryMiB(sizes: LoopSizes): number {
  return sizes.memMiB + 256;
}
