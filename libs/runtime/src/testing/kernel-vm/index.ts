// A throwaway QEMU VM on a real (Debian) kernel, for tests that need a kernel configured unlike the
// host's (pure cgroup v2 on a v1 host) and for the benchmarks' VM boot measurements.
export { defaultKernelCache, KernelUnavailableError, obtainDebianKernel, type KernelImage, type ObtainKernelOptions } from './debian-kernel.js';
export { EXIT_MARKER, GUEST_HOST_ROOT, INIT_MARKER, initScript, SETUP_FAILED, shellQuote, type InitScriptOptions } from './init-script.js';
export { kernelVmUnsupported } from './host-support.js';
export { buildInitramfs, type InitramfsFile, type InitramfsOptions } from './initramfs.js';
export { resolveModules, type KernelModule } from './kernel-modules.js';
export { runInKernelVm, type KernelVmOptions } from './kernel-vm.js';
export {
  bootVm,
  defaultMachine,
  locateQemu,
  tscHint,
  VIRTIO_TRANSPORT,
  VmFailedError,
  VmUnavailableError,
  type BootVmOptions,
  type VmMachine,
  type VmRun,
  type VmShare,
} from './qemu-vm.js';
