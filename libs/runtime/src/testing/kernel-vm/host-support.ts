import { existsSync } from 'node:fs';

/**
 * Why this host cannot boot kernel VMs at all, or undefined when it can. The kernel comes from
 * Debian's archive through apt and dpkg-deb, and QEMU from a Debian package, so a Debian x86_64
 * host can always get both (the test bootstrap installs QEMU): there, not getting them is a
 * failure, not a reason to skip.
 */
export function kernelVmUnsupported(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    return `kernel VMs are set up for x86_64 Linux hosts only (this is ${process.platform}/${process.arch})`;
  if (!existsSync('/usr/bin/apt-get') || !existsSync('/usr/bin/dpkg-deb')) return 'not a Debian host: the VM kernel is unpacked from a Debian package';
  return undefined;
}
