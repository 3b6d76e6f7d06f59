import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** An unpacked Debian kernel package: what a VM boots, and the modules its initramfs loads. */
export interface KernelImage {
  /** The package it came from, e.g. linux-image-6.1.0-57-amd64. */
  package: string;
  /** The kernel release, e.g. 6.1.0-57-amd64. */
  release: string;
  vmlinuz: string;
  /** …/lib/modules/<release> of the unpacked package. */
  modulesDir: string;
}

/** The host cannot provide a kernel to boot (not Debian, no network to its archive, …). */
export class KernelUnavailableError extends Error {
  readonly code = 'KERNEL_UNAVAILABLE';
}

export interface ObtainKernelOptions {
  /** Where unpacked kernels are kept between runs; default defaultKernelCache(). */
  cacheDir?: string;
  /** The metapackage naming the current kernel; default linux-image-amd64. */
  metaPackage?: string;
  /** For the download; default 5 minutes (70 MB). */
  timeoutMs?: number;
}

const COMPLETE_MARKER = '.complete';
const run = promisify(execFile);

/** $BERTH_CACHE/kernel, else /var/cache/berth/kernel for root and ~/.cache/berth/kernel for others. */
export function defaultKernelCache(env: NodeJS.ProcessEnv = process.env): string {
  if (env['BERTH_CACHE']) return join(env['BERTH_CACHE'], 'kernel');
  if (process.getuid?.() === 0) return '/var/cache/berth/kernel';
  return join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'berth', 'kernel');
}

/**
 * Debian's current kernel, downloaded with `apt-get download` and unpacked with `dpkg-deb -x`
 * into the cache: never installed, so the host's /boot, its module tree and its bootloader stay
 * untouched. A kernel already in the cache is used as it is, so only the first run downloads.
 */
export async function obtainDebianKernel(options: ObtainKernelOptions = {}): Promise<KernelImage> {
  if (process.arch !== 'x64') throw new KernelUnavailableError(`booting a Debian kernel is only set up for x86_64 hosts (this is ${process.arch})`);
  const cacheDir = options.cacheDir ?? defaultKernelCache();
  const name = await currentKernelPackage(options.metaPackage ?? 'linux-image-amd64');
  const dir = join(cacheDir, name);
  if (!existsSync(join(dir, COMPLETE_MARKER))) await downloadKernel(name, cacheDir, options.timeoutMs ?? 300_000);
  return describeKernel(name, dir);
}

/** `apt-cache depends linux-image-amd64` names the versioned package the metapackage pulls in. */
async function currentKernelPackage(metaPackage: string): Promise<string> {
  const { stdout } = await tool('apt-cache', ['depends', metaPackage], {}, 30_000);
  const match = /^\s*Depends:\s*(linux-image-\S+)\s*$/m.exec(stdout);
  if (!match) throw new KernelUnavailableError(`apt-cache depends ${metaPackage} names no linux-image package; run apt-get update`);
  return match[1]!;
}

/** Downloads and unpacks into a staging directory, then renames it into place: a half-done run is never mistaken for a kernel. */
async function downloadKernel(name: string, cacheDir: string, timeoutMs: number): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const staging = await mkdtemp(join(cacheDir, `.${name}-`));
  try {
    await tool('apt-get', ['download', '-q', name], { cwd: staging }, timeoutMs);
    const deb = (await readdir(staging)).find((file) => file.endsWith('.deb'));
    if (!deb) throw new KernelUnavailableError(`apt-get download ${name} left no .deb in ${staging}`);
    const tree = join(staging, 'tree');
    await tool('dpkg-deb', ['-x', join(staging, deb), tree], {}, timeoutMs);
    await writeFile(join(tree, COMPLETE_MARKER), `${deb}\n`);
    // Another process may have finished the same kernel meanwhile; its copy is as good as ours.
    await rename(tree, join(cacheDir, name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  await pruneOlderKernels(cacheDir, name);
}

/** An unpacked kernel is 400 MB: once Debian moves to a new ABI, the previous one only takes room. */
async function pruneOlderKernels(cacheDir: string, current: string): Promise<void> {
  const stale = (await readdir(cacheDir)).filter((entry) => entry.startsWith('linux-image-') && entry !== current);
  await Promise.all(stale.map((entry) => rm(join(cacheDir, entry), { recursive: true, force: true })));
}

/** Finds vmlinuz and the module tree (lib/modules on Debian 12, usr/lib/modules after the /usr merge). */
async function describeKernel(name: string, dir: string): Promise<KernelImage> {
  const vmlinuz = (await readdir(join(dir, 'boot')).catch(() => [])).find((file) => file.startsWith('vmlinuz-'));
  if (!vmlinuz) throw new KernelUnavailableError(`${dir} holds no boot/vmlinuz-*; remove it and run again`);
  const release = vmlinuz.slice('vmlinuz-'.length);
  const modulesDir = [join(dir, 'lib', 'modules', release), join(dir, 'usr', 'lib', 'modules', release)].find((path) => existsSync(path));
  if (!modulesDir) throw new KernelUnavailableError(`${dir} holds no modules for ${release}`);
  return { package: name, release, vmlinuz: join(dir, 'boot', vmlinuz), modulesDir };
}

/** Runs a host tool with a hard timeout; a missing tool or a failure becomes a KernelUnavailableError naming it. */
async function tool(command: string, args: string[], options: { cwd?: string }, timeoutMs: number): Promise<{ stdout: string }> {
  try {
    return await run(command, args, { ...options, encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string; killed?: boolean };
    const why =
      failure.code === 'ENOENT'
        ? 'it is not installed (not a Debian host?)'
        : failure.killed
          ? `no answer within ${timeoutMs} ms`
          : (failure.stderr ?? '').trim() || failure.message;
    throw new KernelUnavailableError(`cannot obtain a Debian kernel: ${command} ${args.join(' ')}: ${why}`, { cause: error });
  }
}
