import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tarBuffer, type TarEntry } from '../archive/tar-buffer.js';
import { isStaticElf } from './static-elf.js';

/** Where Debian's busybox-static puts its binary. */
export const BUSYBOX_BINARY = '/bin/busybox';

/**
 * The root file system of `busybox:latest` as tar entries: a static busybox, its applets as
 * relative symlinks, and the few files a shell expects. Fixed times and owners, so the same
 * binary always gives the same layer digest. `extra` entries are appended (tests use it).
 */
export function busyboxEntries(binary = BUSYBOX_BINARY, extra: TarEntry[] = []): TarEntry[] {
  if (!isStaticElf(binary)) throw new Error(`${binary} is not a static busybox; install busybox-static`);
  const mtime = new Date(0);
  const entries: TarEntry[] = ['bin', 'dev', 'etc', 'proc', 'root', 'sys', 'tmp', 'var'].map((dir) => ({
    name: `${dir}/`,
    type: 'directory',
    mode: dir === 'tmp' ? 0o1777 : 0o755,
    mtime,
  }));
  entries.push({ name: 'bin/busybox', mode: 0o755, mtime, content: readFileSync(binary) });
  const applets = execFileSync(binary, ['--list'], { encoding: 'utf8' })
    .split('\n')
    .filter((name) => name && name !== 'busybox');
  for (const applet of applets) entries.push({ name: `bin/${applet}`, type: 'symlink', linkname: 'busybox', mode: 0o777, mtime });
  entries.push({ name: 'etc/passwd', mtime, content: 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' });
  entries.push({ name: 'etc/group', mtime, content: 'root:x:0:\nnogroup:x:65534:\n' });
  return [...entries, ...extra.map((entry) => ({ mtime, ...entry }))];
}

export function busyboxLayer(binary = BUSYBOX_BINARY, extra: TarEntry[] = []): Promise<Buffer> {
  return tarBuffer(busyboxEntries(binary, extra));
}

/** The image config of the seed: PATH and `sh`, as Docker Hub's busybox has. */
export const BUSYBOX_CONFIG = {
  architecture: process.arch === 'x64' ? 'amd64' : process.arch,
  os: 'linux',
  created: new Date(0).toISOString(),
  config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['sh'] },
};
