import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { moduleDepends } from './modinfo.js';

/** A module ready for insmod: its canonical name and its uncompressed bytes. */
export interface KernelModule {
  name: string;
  data: Buffer;
}

const MODULE_FILE = /\.ko(\.gz|\.xz|\.zst)?$/;

/** modprobe treats `-` and `_` in module names as the same character. */
export function canonicalModuleName(name: string): string {
  return name.replaceAll('-', '_');
}

/**
 * The modules `wanted` needs, each after its dependencies (the order insmod must follow), read
 * from an unpacked kernel's /lib/modules/<version>. Modules built into the kernel are left out.
 */
export async function resolveModules(modulesDir: string, wanted: readonly string[]): Promise<KernelModule[]> {
  const [files, builtin] = await Promise.all([indexModules(modulesDir), builtinModules(modulesDir)]);
  const ordered: KernelModule[] = [];
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = async (requested: string, chain: string[]): Promise<void> => {
    const name = canonicalModuleName(requested);
    if (done.has(name) || builtin.has(name)) return;
    if (visiting.has(name)) throw new Error(`kernel modules depend on each other in a cycle: ${[...chain, name].join(' → ')}`);
    const path = files.get(name);
    if (!path) throw new Error(`kernel module ${name} is neither in ${modulesDir} nor built in${chain.length ? ` (needed by ${chain.at(-1)})` : ''}`);
    visiting.add(name);
    const data = await readModule(path);
    for (const dependency of moduleDepends(data)) await visit(dependency, [...chain, name]);
    visiting.delete(name);
    done.add(name);
    ordered.push({ name, data });
  };
  for (const name of wanted) await visit(name, []);
  return ordered;
}

/** Every module file below kernel/, by canonical name. */
async function indexModules(modulesDir: string): Promise<Map<string, string>> {
  const index = new Map<string, string>();
  const entries = await readdir(join(modulesDir, 'kernel'), { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !MODULE_FILE.test(entry.name)) continue;
    index.set(canonicalModuleName(entry.name.replace(MODULE_FILE, '')), join(entry.parentPath, entry.name));
  }
  return index;
}

/** modules.builtin lists built-in modules by the path they would have had (kernel/…/name.ko). */
async function builtinModules(modulesDir: string): Promise<Set<string>> {
  const text = await readFile(join(modulesDir, 'modules.builtin'), 'utf8').catch(() => '');
  const names = text.split('\n').filter(Boolean);
  return new Set(names.map((path) => canonicalModuleName(path.slice(path.lastIndexOf('/') + 1).replace(MODULE_FILE, ''))));
}

/**
 * The module's ELF bytes. Distributions compress modules differently (Debian 12 ships plain
 * .ko, newer ones .ko.xz or .ko.zst); busybox's insmod in the guest may not read every
 * format, so modules are decompressed here, on the host.
 */
async function readModule(path: string): Promise<Buffer> {
  if (path.endsWith('.ko')) return readFile(path);
  if (path.endsWith('.gz')) return gunzipSync(await readFile(path));
  const tool = path.endsWith('.xz') ? 'xz' : 'zstd';
  const { stdout } = await promisify(execFile)(tool, ['-dc', path], { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 }).catch((error: Error) => {
    throw new Error(`decompressing ${path} needs ${tool}: ${error.message}`, { cause: error });
  });
  return stdout;
}
