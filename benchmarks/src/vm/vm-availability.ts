import { accessSync, constants, existsSync } from 'node:fs';
import { kernelVmUnsupported, locateQemu, runInKernelVm, VmFailedError, VmUnavailableError, type KernelImage, type VmMachine } from '@berth/runtime/testing';
import { kvmModules } from '../environment/kvm-modules.js';

export type Accel = 'kvm' | 'tcg';

/**
 * The machine per accelerator. With KVM, `-M microvm`: no PCI, no firmware, the fastest boot.
 * Under TCG microvm offers the kernel no HPET or ACPI PM timer to calibrate its TSC against, and
 * on a loaded host the boot then hangs now and then, so the emulated rows use q35, as the
 * launcher does by default. Every VM row's name carries both, so neither is mistaken for the other.
 */
export const MACHINE = { kvm: 'microvm', tcg: 'q35' } as const;

/** A VM configuration of the comparison rows: the machine and its accelerator, both in the row's name. */
export interface VmKind {
  accel: Accel;
  machine: VmMachine;
}

/**
 * The VMs set beside containers: microvm with KVM; under TCG both microvm — the fastest VM that
 * boots here (the launcher tells the guest its TSC rate, so it no longer hangs calibrating), so a
 * container-vs-VM ratio is against the best VM available — and q35, the PC most VMs are.
 */
export const VM_KINDS: readonly VmKind[] = [
  { accel: 'kvm', machine: 'microvm' },
  { accel: 'tcg', machine: 'microvm' },
  { accel: 'tcg', machine: 'q35' },
];

/** `QEMU microvm (TCG)`. */
export function vmKindName({ accel, machine }: VmKind): string {
  return `QEMU ${machine} (${accel.toUpperCase()})`;
}

/** A KVM boot of these tiny guests takes well under a second; one that has not finished in this long is hanging. */
export const KVM_PROBE_TIMEOUT_MS = 15_000;

/** `QEMU q35 (TCG)`: the accelerator is part of every VM row's name. */
export function vmName(accel: Accel): string {
  return `QEMU ${MACHINE[accel]} (${accel.toUpperCase()})`;
}

/** Why this host cannot run a VM with `accel` at all (no QEMU, no /dev/kvm …), or undefined when it may. */
export function vmUnavailable(accel: Accel): string | undefined {
  return kernelVmUnsupported() ?? qemuMissing() ?? (accel === 'kvm' ? kvmDeviceMissing() : undefined);
}

let kvmProbe: Promise<string | undefined> | undefined;

/**
 * Whether KVM boots Debian's stock kernel here: undefined when it does, else why not. kvm_pvm (a
 * paravirtual /dev/kvm offered inside a cloud VM) accepts the VM and then hangs or aborts, so only
 * a real boot with a short timeout tells. Probed once per process: every suite that has a KVM row
 * asks, and a hanging probe costs its whole timeout.
 */
export function kvmBootFailure(kernel: KernelImage): Promise<string | undefined> {
  kvmProbe ??= probe(kernel);
  return kvmProbe;
}

async function probe(kernel: KernelImage): Promise<string | undefined> {
  try {
    await runInKernelVm({ kernel, accel: 'kvm', machine: MACHINE.kvm, command: 'true', cpus: 1, memoryMiB: 256, timeoutMs: KVM_PROBE_TIMEOUT_MS });
    return undefined;
  } catch (error) {
    if (!(error instanceof VmFailedError || error instanceof VmUnavailableError)) throw error;
    const first = error.message.split('\n')[0]!.slice(0, 300);
    const module = kvmModules();
    const timedOut = first.includes('did not finish within');
    return (
      `KVM does not boot a stock kernel here${module ? ` (/dev/kvm is ${module})` : ''}: ` +
      (timedOut ? `the probe boot hung for ${KVM_PROBE_TIMEOUT_MS / 1000} s` : first)
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

function kvmDeviceMissing(): string | undefined {
  if (!existsSync('/dev/kvm')) return 'no /dev/kvm (no hardware virtualisation, or the kvm module is not loaded)';
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    return undefined;
  } catch {
    return '/dev/kvm is not readable and writable by this user (add it to the kvm group)';
  }
}
