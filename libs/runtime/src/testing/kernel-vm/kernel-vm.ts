import { findStaticBusybox } from '../busybox-bundle.js';
import { obtainDebianKernel, type KernelImage } from './debian-kernel.js';
import { initScript, type InitScriptOptions } from './init-script.js';
import { buildInitramfs, type InitramfsFile } from './initramfs.js';
import { resolveModules } from './kernel-modules.js';
import { bootVm, defaultMachine, VIRTIO_TRANSPORT, type BootVmOptions, type VmRun } from './qemu-vm.js';

export interface KernelVmOptions
  extends
    Omit<InitScriptOptions, 'modules' | 'hostRoot'>,
    Pick<BootVmOptions, 'append' | 'memoryMiB' | 'cpus' | 'accel' | 'machine' | 'onOutput' | 'timeoutMs'> {
  /** Default: Debian's current kernel (obtainDebianKernel). */
  kernel?: KernelImage;
  /** Modules to load besides those the host-root share needs; their dependencies come along. */
  modules?: readonly string[];
  /** Share the host's / read-only and run the command chrooted into it, with fresh tmpfs on these directories. */
  hostRoot?: { tmpfs: readonly string[] };
  /** Extra files in the initramfs (visible to `setup`, before the chroot). */
  files?: readonly InitramfsFile[];
}

/** The 9p tag of the host root share. */
const HOST_ROOT_TAG = 'hostroot';

/** 9p over virtio, on top of the machine's virtio transport. */
const HOST_ROOT_MODULES = ['9pnet_virtio', '9p'];

/**
 * Boots a real kernel in a throwaway QEMU VM and runs one command in it: the kernel
 * (Debian's, unpacked from its package), a busybox initramfs with the modules it needs, and
 * optionally the host's root file system shared read-only, so the command can use the host's
 * programs (node, the repository) on a kernel configured unlike the host's.
 */
export async function runInKernelVm(options: KernelVmOptions): Promise<VmRun> {
  const kernel = options.kernel ?? (await obtainDebianKernel());
  const machine = options.machine ?? defaultMachine(options.accel);
  const wanted = [VIRTIO_TRANSPORT[machine].module, ...(options.hostRoot ? HOST_ROOT_MODULES : []), ...(options.modules ?? [])];
  const modules = await resolveModules(kernel.modulesDir, wanted);
  const hostRoot = options.hostRoot && { tag: HOST_ROOT_TAG, tmpfs: options.hostRoot.tmpfs };
  const init = initScript({ ...options, modules: modules.map((module) => module.name), hostRoot });
  const initramfs = await buildInitramfs({ busybox: findStaticBusybox(), modules, init, files: options.files });
  return bootVm({ ...options, machine, kernel: kernel.vmlinuz, initramfs, shares: hostRoot ? [{ tag: HOST_ROOT_TAG, path: '/' }] : [] });
}
