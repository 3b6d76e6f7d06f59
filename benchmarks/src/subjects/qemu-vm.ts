import { KernelUnavailableError, obtainDebianKernel, runInKernelVm, type KernelImage } from '@berth/runtime/testing';
import { KVM_PROBE_TIMEOUT_MS, kvmBootFailure, VM_KINDS, vmKindName, vmUnavailable, type VmKind } from '../vm/vm-availability.js';
import { MissingPeer, missingSubject, type Subject } from './subject.js';

/** An emulated boot takes a few seconds on an idle 2-core host; allow for a loaded one. */
const TCG_TIMEOUT_MS = 90_000;

/**
 * The VM peers of start-to-exit: QEMU booting Debian's kernel with a busybox initramfs whose
 * init runs `true` and powers off at once, timed from starting QEMU until it has exited. Each
 * row is labelled with its machine and accelerator, so a TCG number is never read as what a VM
 * costs with hardware virtualisation.
 */
export function qemuVmSubjects(): Subject[] {
  return VM_KINDS.map((kind) => {
    const unavailable = vmUnavailable(kind.accel);
    return unavailable ? missingSubject(vmKindName(kind), methodOf(kind), unavailable) : vmSubject(kind);
  });
}

function methodOf({ accel, machine }: VmKind): string {
  const samples =
    accel === 'tcg' ? '5 samples (2 in --smoke) after 1 warm-up boot, as each emulated boot takes seconds' : '10 samples (3 in --smoke) after 1 warm-up boot';
  return (
    `qemu-system-x86_64 -M ${machine} -accel ${accel} -cpu max -smp 1 -m 256M, Debian's kernel and a busybox initramfs whose /init ` +
    `mounts proc/sys/dev, runs true and powers off; timed from building the initramfs (a few ms) and starting QEMU to QEMU's exit; ${samples}`
  );
}

function vmSubject(kind: VmKind): Subject {
  const { accel, machine } = kind;
  let kernel: KernelImage | undefined;
  const boot = (timeoutMs: number) => runInKernelVm({ kernel, accel, machine, command: 'true', cpus: 1, memoryMiB: 256, timeoutMs });
  return {
    name: vmKindName(kind),
    method: methodOf(kind),
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
