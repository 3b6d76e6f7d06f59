import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeCpio, type CpioEntry } from './cpio.js';
import { GUEST_HOST_ROOT, GUEST_MODULE_DIR } from './init-script.js';
import type { KernelModule } from './kernel-modules.js';

export interface InitramfsFile {
  /** Absolute path in the guest. */
  path: string;
  data: Buffer | string;
  mode?: number;
}

export interface InitramfsOptions {
  /** A static busybox: the guest's shell, mount, insmod, chroot and poweroff. */
  busybox: string;
  /** Loaded by the init script, in this order. */
  modules: readonly KernelModule[];
  /** The /init script (see initScript). */
  init: string;
  /** Anything else the guest needs before the host root is mounted (a script to run, a config). */
  files?: readonly InitramfsFile[];
}

/** Mount points the init script uses, and what busybox --install fills. */
const BASE_DIRS = ['/bin', '/dev', '/proc', '/sys', '/tmp', '/run', GUEST_HOST_ROOT, '/lib', GUEST_MODULE_DIR];

/** A gzip-compressed newc archive, the form QEMU's -initrd hands to the kernel. */
export async function buildInitramfs(options: InitramfsOptions): Promise<Buffer> {
  const entries: CpioEntry[] = [
    ...BASE_DIRS.map((path): CpioEntry => ({ kind: 'dir', path })),
    // The kernel opens /dev/console for init's stdio before init can mount devtmpfs.
    { kind: 'char', path: '/dev/console', major: 5, minor: 1 },
    { kind: 'file', path: '/bin/busybox', data: await readFile(options.busybox), mode: 0o755 },
    { kind: 'file', path: '/init', data: Buffer.from(options.init), mode: 0o755 },
    ...options.modules.map((module): CpioEntry => ({ kind: 'file', path: `${GUEST_MODULE_DIR}/${module.name}.ko`, data: module.data })),
  ];
  const dirs = new Set(BASE_DIRS);
  for (const file of options.files ?? []) {
    for (const dir of parents(file.path)) {
      if (!dirs.has(dir)) entries.push({ kind: 'dir', path: dir });
      dirs.add(dir);
    }
    entries.push({ kind: 'file', path: file.path, data: Buffer.from(file.data), mode: file.mode ?? 0o644 });
  }
  // Level 1: the archive is built on every run and mostly holds modules that barely shrink.
  return gzipSync(writeCpio(entries), { level: 1 });
}

/** /a/b/c → [/a, /a/b] */
function parents(path: string): string[] {
  const list: string[] = [];
  for (let dir = posix.dirname(path); dir !== '/' && dir !== '.'; dir = posix.dirname(dir)) list.unshift(dir);
  return list;
}
