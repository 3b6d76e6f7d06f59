import { KernelUnavailableError, obtainDebianKernel, runInKernelVm, type KernelImage } from '@berth/runtime/testing';
import { KVM_PROBE_TIMEOUT_MS, kvmBootFailure, MACHINE, vmName, vmUnavailable, type Accel } from '../vm/vm-availability.js';
import { MissingPeer, missingSubject, type Subject } from './subject.js';

/** An emulated boot takes a few seconds on an idle 2-core host; allow for a loaded one. */
const TCG_TIMEOUT_MS = 90_000;

/**
 * The VM peers of start-to-exit: QEMU booting Debian's kernel with a busybox initramfs whose
 * init runs `true` and powers off at once, timed from starting QEMU until it has exited. Once
 * with KVM and once under TCG (emulation), each labelled with its accelerator, so a TCG number
 * is never read as what a VM costs with hardware virtualisation.
 */
export function qemuVmSubjects(): Subject[] {
  return (['kvm', 'tcg'] as const).map((accel) => {
    const unavailable = vmUnavailable(accel);
    return unavailable ? missingSubject(vmName(accel), methodOf(accel), unavailable) : vmSubject(vmName(accel), accel);
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
      kernel = await debianKernel();
      if (accel === 'kvm') {
        const failure = await kvmBootFailure(kernel);
        if (failure) throw new MissingPeer(failure);
      }
    },
    async run() {
      const run = await boot(accel === 'kvm' ? KVM_PROBE_TIMEOUT_MS : TCG_TIMEOUT_MS);
      if (run.exitCode !== 0) throw new Error(`the guest's command exited ${run.exitCode}`);
    },
  };
}

/** Debian's kernel from the cache (downloaded once); a host that cannot get one has no VM rows, and says why. */
export async function debianKernel(): Promise<KernelImage> {
  try {
    return await obtainDebianKernel();
  } catch (error) {
    if (error instanceof KernelUnavailableError) throw new MissingPeer(`no kernel to boot: ${error.message}`);
    throw error;
  }
}
