import type { GuestImage } from '../vm/guest-image.js';
import { startGuestVm, type GuestVm } from '../vm/guest-vm.js';
import type { InstanceKind } from './density-round.js';

/** What the idle guest prints once its init is done, before it sleeps for the rest of its life. */
export const IDLE_MARKER = 'berth-bench: idle';
export const IDLE_GUEST_COMMAND = `echo ${IDLE_MARKER} && exec sleep 2147483647`;
export const VM_MEMORY_MIB = 256;
const UP_TIMEOUT_MS = { tcg: 180_000, kvm: 30_000 } as const;

/** Idle VMs on one guest image (no NIC), each up when its init reports idle. */
export function vmInstances(image: GuestImage): InstanceKind {
  const running: GuestVm[] = [];
  return {
    // An emulated guest goes on touching memory for a while after init (page cache, timers).
    settleMs: 5_000,
    async start() {
      const vm = startGuestVm(image, { memoryMiB: VM_MEMORY_MIB });
      running.push(vm);
      await vm.waitFor(IDLE_MARKER, UP_TIMEOUT_MS[image.accel]);
      return [vm.pid];
    },
    async stopAll() {
      await Promise.all(running.splice(0).map((vm) => vm.stop()));
    },
  };
}
