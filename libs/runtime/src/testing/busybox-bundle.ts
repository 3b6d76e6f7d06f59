import { execFileSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSpec } from '../spec/default-spec.js';
import type { OciSpec } from '../model/oci-spec.js';

/**
 * Test fixture: an OCI bundle whose rootfs is a static busybox with its applets, in a temp
 * directory. Integration tests use it to run real containers on the real kernel.
 */
export interface BusyboxBundle {
  /** The bundle directory (config.json + rootfs/). */
  dir: string;
  rootfs: string;
  /** Writes config.json: a runc-style default spec with the given command, changed by `patch`. */
  writeSpec(args: string[], patch?: (spec: OciSpec) => void): Promise<OciSpec>;
  remove(): Promise<void>;
}

const BUSYBOX_CANDIDATES = ['/bin/busybox', '/usr/bin/busybox'];

export function findStaticBusybox(): string {
  for (const path of BUSYBOX_CANDIDATES) {
    // A dynamic busybox would need the host's libc inside the rootfs.
    if (existsSync(path) && !hasInterpreter(readFileSync(path))) return path;
  }
  throw new Error('static busybox not found; install it with `apt-get install -y busybox-static`');
}

/** Whether a 64-bit little-endian ELF names a dynamic loader (a PT_INTERP program header). */
function hasInterpreter(elf: Buffer): boolean {
  const PT_INTERP = 3;
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const phentsize = elf.readUInt16LE(0x36);
  const phnum = elf.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i++) if (elf.readUInt32LE(phoff + i * phentsize) === PT_INTERP) return true;
  return false;
}

export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  // A user-namespaced container root (an unprivileged host uid) must traverse it.
  await chmod(dir, 0o755);
  return dir;
}

export async function makeBusyboxBundle(): Promise<BusyboxBundle> {
  const dir = await makeTempDir('berth-bundle-');
  const rootfs = join(dir, 'rootfs');
  const busybox = findStaticBusybox();
  for (const sub of ['bin', 'proc', 'sys', 'dev', 'etc', 'root', 'tmp']) await mkdir(join(rootfs, sub), { recursive: true, mode: 0o755 });
  await chmod(join(rootfs, 'tmp'), 0o1777);
  await copyFile(busybox, join(rootfs, 'bin', 'busybox'));
  await chmod(join(rootfs, 'bin', 'busybox'), 0o755);
  const applets = execFileSync(busybox, ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const applet of applets) if (applet !== 'busybox') await symlink('busybox', join(rootfs, 'bin', applet));
  await writeFile(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n');
  await writeFile(join(rootfs, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');

  return {
    dir,
    rootfs,
    async writeSpec(args, patch) {
      const spec = defaultSpec({ args, terminal: false });
      spec.root = { path: 'rootfs', readonly: false };
      spec.process!.env = ['PATH=/bin'];
      patch?.(spec);
      await writeFile(join(dir, 'config.json'), `${JSON.stringify(spec, null, 2)}\n`);
      return spec;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
