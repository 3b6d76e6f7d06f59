import { accessSync, constants, existsSync } from 'node:fs';
import {
  kernelVmUnsupported,
  KernelUnavailableError,
  locateQemu,
  obtainDebianKernel,
  runInKernelVm,
  VmFailedError,
  VmUnavailableError,
  type KernelImage,
} from '@berth/runtime/testing';
import { kvmModules } from '../environment/kvm-modules.js';
import { MissingPeer, missingSubject, type Subject } from './subject.js';

type Accel = 'kvm' | 'tcg';

/** A KVM boot of this tiny guest takes well under a second; one that has not finished in this long is hanging. */
const KVM_PROBE_TIMEOUT_MS = 15_000;
/** An emulated boot takes a few seconds on an idle 2-core host; allow for a loaded one. */
const TCG_TIMEOUT_MS = 90_000;

/**
 * The machine per accelerator. With KVM, `-M microvm`: no PCI, no firmware, the fastest boot.
 * Under TCG microvm offers the kernel no HPET or ACPI PM timer to calibrate its TSC against, and
 * on a loaded host the boot then hangs now and then (seen here: a 90 s timeout while other
 * suites ran), so the emulated row uses q35, as the launcher does by default; same kernel,
 * initramfs, vCPU and memory. The name carries both, so neither is mistaken for the other.
 */
const MACHINE = { kvm: 'microvm', tcg: 'q35' } as const;

/**
 * The VM peers of start-to-exit: QEMU booting Debian's kernel with a busybox initramfs whose
 * init runs `true` and powers off at once, timed from starting QEMU until it has exited. Once
 * with KVM and once under TCG (emulation), each labelled with its accelerator, so a TCG number
 * is never read as what a VM costs with hardware virtualisation.
 */
export function qemuVmSubjects(): Subject[] {
  return (['kvm', 'tcg'] as const).map((accel) => {
    const name = `QEMU ${MACHINE[accel]} (${accel.toUpperCase()})`;
    const unavailable = kernelVmUnsupported() ?? qemuMissing() ?? (accel === 'kvm' ? kvmMissing() : undefined);
    return unavailable ? missingSubject(name, methodOf(accel), unavailable) : vmSubject(name, accel);
  });
}

function methodOf(accel: Accel): string {
  const samples =
    accel === 'tcg' ? '5 samples (2 in --smoke) after 1 warm-up boot, as each emulated boot takes seconds' : '10 samples (3 in --smoke) after 1 warm-up boot';
  return (
    `qemu-system-x86_64 -M ${MACHINE[accel]} -accel ${accel} -cpu max -smp 1 -m 256M, Debian's kernel and a busybox initramfs whose /init ` +
    `mounts proc/sys/dev, runs true and powers off; timed from building the initramfs (a few ms) and starting QEMU to QEMU's exit; ${samples}`
  );
}

function vmSubject(name: string, accel: Accel): Subject {
  let kernel: KernelImage | undefined;
  const boot = (timeoutMs: number) => runInKernelVm({ kernel, accel, machine: MACHINE[accel], command: 'true', cpus: 1, memoryMiB: 256, timeoutMs });
  return {
    name,
    method: methodOf(accel),
    budget: accel === 'tcg' ? { iterations: 5, smokeIterations: 2, warmupIterations: 1 } : { iterations: 10, smokeIterations: 3, warmupIterations: 1 },
    async setup() {
      try {
        kernel = await obtainDebianKernel();
      } catch (error) {
        if (error instanceof KernelUnavailableError) throw new MissingPeer(`no kernel to boot: ${error.message}`);
        throw error;
      }
      // kvm_pvm (a paravirtual /dev/kvm offered inside a cloud VM) accepts the VM and then
      // hangs or aborts on a stock kernel: only a real boot with a short timeout tells.
      if (accel === 'kvm') await probeKvm(() => boot(KVM_PROBE_TIMEOUT_MS));
    },
    async run() {
      const run = await boot(accel === 'kvm' ? KVM_PROBE_TIMEOUT_MS : TCG_TIMEOUT_MS);
      if (run.exitCode !== 0) throw new Error(`the guest's command exited ${run.exitCode}`);
    },
  };
}

async function probeKvm(boot: () => Promise<unknown>): Promise<void> {
  try {
    await boot();
  } catch (error) {
    if (!(error instanceof VmFailedError || error instanceof VmUnavailableError)) throw error;
    const first = error.message.split('\n')[0]!.slice(0, 300);
    const module = kvmModules();
    const timedOut = first.includes('did not finish within');
    throw new MissingPeer(
      `KVM does not boot a stock kernel here${module ? ` (/dev/kvm is ${module})` : ''}: ` +
        (timedOut ? `the probe boot hung for ${KVM_PROBE_TIMEOUT_MS / 1000} s` : first),
    );
  }
}

function qemuMissing(): string | undefined {
  try {
    locateQemu();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function kvmMissing(): string | undefined {
  if (!existsSync('/dev/kvm')) return 'no /dev/kvm (no hardware virtualisation, or the kvm module is not loaded)';
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    return undefined;
  } catch {
    return '/dev/kvm is not readable and writable by this user (add it to the kvm group)';
  }
}
