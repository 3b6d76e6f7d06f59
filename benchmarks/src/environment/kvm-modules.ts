import { existsSync } from 'node:fs';

/**
 * Which KVM modules back /dev/kvm, e.g. "kvm_intel" or "kvm_pvm" (a paravirtual KVM offered
 * inside a cloud VM, which hangs or aborts stock kernels): empty when none is found. Read from
 * /sys/module, which also lists built-in modules and exists where /proc/modules does not.
 */
export function kvmModules(): string {
  return ['kvm_intel', 'kvm_amd', 'kvm_pvm'].filter((name) => existsSync(`/sys/module/${name}`)).join(', ');
}
