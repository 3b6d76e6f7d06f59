import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pack, type Pack } from 'tar-stream';
import { writeImage, type ImageStore, type StoredImage } from '@berth/images';

/**
 * `busybox:latest` made from what the machine has: Debian's static busybox, its applets as
 * relative symlinks, and the few files a shell expects. Nothing is downloaded.
 */
export const BUSYBOX_BINARY = '/bin/busybox';

export async function seedBusyboxImage(store: ImageStore, reference = 'busybox:latest', binary = BUSYBOX_BINARY): Promise<StoredImage> {
  if (execFileSync('file', ['-L', binary], { encoding: 'utf8' }).includes('dynamically')) {
    throw new Error(`${binary} is not a static busybox; install busybox-static`);
  }
  const layer = await busyboxLayer(binary);
  return writeImage(store, reference, [{ tar: () => layer }], {
    architecture: process.arch === 'x64' ? 'amd64' : process.arch,
    os: 'linux',
    created: new Date(0).toISOString(),
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['sh'] },
    history: [{ created: new Date(0).toISOString(), created_by: `berth seed: ${binary}` }],
  });
}

async function busyboxLayer(binary: string): Promise<Buffer> {
  const archive = pack();
  const collected = collect(archive);
  // Fixed times and owners: the same busybox always gives the same layer digest.
  const mtime = new Date(0);
  const add = (header: Parameters<Pack['entry']>[0], content?: Buffer | string) =>
    new Promise<void>((resolve, reject) => archive.entry({ mtime, uid: 0, gid: 0, ...header }, content ?? '', (error) => (error ? reject(error) : resolve())));
  for (const dir of ['bin', 'dev', 'etc', 'proc', 'root', 'sys', 'tmp', 'var'])
    await add({ name: `${dir}/`, type: 'directory', mode: dir === 'tmp' ? 0o1777 : 0o755 });
  await add({ name: 'bin/busybox', mode: 0o755 }, readFileSync(binary));
  const applets = execFileSync(binary, ['--list'], { encoding: 'utf8' })
    .split('\n')
    .filter((name) => name && name !== 'busybox');
  for (const applet of applets) await add({ name: `bin/${applet}`, type: 'symlink', linkname: 'busybox', mode: 0o777 });
  await add({ name: 'etc/passwd', mode: 0o644 }, 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  await add({ name: 'etc/group', mode: 0o644 }, 'root:x:0:\nnogroup:x:65534:\n');
  archive.finalize();
  return collected;
}

async function collect(archive: Pack): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
