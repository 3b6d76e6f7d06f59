import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildInitramfs, findStaticBusybox, initScript, resolveModules, VIRTIO_TRANSPORT, type KernelImage, type VmMachine } from '@berth/runtime/testing';
import { MACHINE, type Accel } from './vm-availability.js';

/** What a long-running benchmark VM boots: Debian's kernel and a busybox initramfs written to a file once per suite. */
export interface GuestImage {
  accel: Accel;
  machine: VmMachine;
  kernel: KernelImage;
  initramfs: string;
  /** Whether the guest has a virtio NIC (QEMU user networking) and brings it up. */
  network: boolean;
  remove(): Promise<void>;
}

/** The address QEMU's user networking expects its guest at, and forwards host ports to. */
export const GUEST_ADDRESS = '10.0.2.15';

/**
 * A guest whose init mounts the basics, loads the NIC driver when asked, brings up lo (and eth0
 * at QEMU's user-network address) and runs `command` as the rest of its life. Built once, then
 * every VM of a suite boots the same file.
 */
export async function buildGuestImage(
  kernel: KernelImage,
  accel: Accel,
  command: string,
  network: boolean,
  machine: VmMachine = MACHINE[accel],
): Promise<GuestImage> {
  const transport = VIRTIO_TRANSPORT[machine].module;
  const modules = await resolveModules(kernel.modulesDir, [transport, ...(network ? ['virtio_net'] : [])]);
  const links = network ? `ip link set lo up && ip link set eth0 up && ip addr add ${GUEST_ADDRESS}/24 dev eth0 && ` : 'ip link set lo up && ';
  const init = initScript({ modules: modules.map((module) => module.name), command: `${links}${command}` });
  const dir = await mkdtemp(join(tmpdir(), 'berth-bench-guest-'));
  const initramfs = join(dir, 'initramfs.cpio.gz');
  await writeFile(initramfs, await buildInitramfs({ busybox: findStaticBusybox(), modules, init }));
  return { accel, machine, kernel, initramfs, network, remove: () => rm(dir, { recursive: true, force: true }) };
}
