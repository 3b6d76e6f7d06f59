import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fnv1a32 } from '../state/state-sidecar.js';
import { writeFileAtomic } from '../util/files.js';

/**
 * Compiled programs kept on disk for the native `berth-runtime create`
 * (native/src/cli/program_store.c), which parses a spec but compiles neither a seccomp profile
 * nor (cgroup v2) a device policy into BPF: it uses the program this side compiled from the
 * very same input, and hands the create to this side when there is none. An entry names what
 * it was compiled from: its kind, the input as JSON.stringify writes it (compared byte for
 * byte, so a different input never matches), the CPU, and the compiler — the id `make`
 * derives from the compilers' sources and writes beside the native binaries, so a changed
 * compiler never serves an old program. The directory is inside the state root (a tmpfs,
 * /run/berth, by default), beside the containers.
 */
export const PROGRAM_STORE_DIR = '.programs';

/** seccomp: linux.seccomp → seccomp.bpf; devices: linux.resources.devices → devices.bpf (cgroup v2). */
export type ProgramKind = 'seccomp' | 'devices';

/** Entries kept; an engine uses a handful (Docker's default profile per capability set). */
const MAX_ENTRIES = 64;

export interface StoredProgram {
  kind: ProgramKind;
  /** What the program was compiled from (a profile, a rule list). */
  input: unknown;
  program: Buffer;
  /** seccomp(2) flags; 0 for devices. */
  flags: number;
}

/** The entry's file name: its kind, and the key's FNV-1a and length (the key inside decides). */
export function programEntryName(kind: ProgramKind, key: string): string {
  const bytes = Buffer.from(key, 'utf8');
  return `${kind}-${fnv1a32(bytes)}-${bytes.length}`;
}

/**
 * The compiler's id, as `make` wrote it beside the shim; undefined before a native build. Read
 * once per process: the compiler this process runs does not change under it, even when the
 * tree is rebuilt (its entries then carry the old id, which the new binary does not use).
 */
export function compilerId(shim: string): string | undefined {
  if (!compilerIds.has(shim)) {
    let id: string | undefined;
    try {
      id = readFileSync(join(dirname(shim), 'program-compiler.id'), 'utf8').trim();
    } catch {
      id = undefined;
    }
    compilerIds.set(shim, id);
  }
  return compilerIds.get(shim);
}

const compilerIds = new Map<string, string | undefined>();

/** The entry's bytes: a few header lines, the key, then the program (native/STATE.md). */
export function formatProgramEntry(key: string, compiler: string, entry: StoredProgram): Buffer {
  const header = `berth-program\t1\nkind\t${entry.kind}\ncompiler\t${compiler}\narch\t${process.arch}\nflags\t${entry.flags}\nkey\t${Buffer.byteLength(key)}\n`;
  return Buffer.concat([Buffer.from(header + key + '\n', 'utf8'), entry.program]);
}

/**
 * Entries this process wrote or found in place, by path and content: an engine creates most of
 * its containers with one profile, and looking at the file once is enough. An entry removed
 * later only sends the native create to Node until a new process stores it again.
 */
const known = new Set<string>();

/**
 * Keeps a program for the native create, unless an identical entry is there already.
 * Without a native build (no compiler id) there is nobody to read it.
 */
export async function storeProgram(root: string, shim: string, entry: StoredProgram): Promise<void> {
  const compiler = compilerId(shim);
  if (compiler === undefined) return;
  const key = JSON.stringify(entry.input);
  const dir = join(root, PROGRAM_STORE_DIR);
  const path = join(dir, programEntryName(entry.kind, key));
  const memo = `${path}\0${compiler}\0${key}`;
  if (known.has(memo)) return;
  const bytes = formatProgramEntry(key, compiler, entry);
  if (!existsSync(path) || !readFileSync(path).equals(bytes)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(path, bytes, 0o600);
    pruneStore(dir);
  }
  known.add(memo);
}

/** Drops the least recently written entries beyond MAX_ENTRIES. */
function pruneStore(dir: string): void {
  const names = readdirSync(dir).filter((name) => !name.startsWith('.'));
  if (names.length <= MAX_ENTRIES) return;
  const byAge = names.map((name) => ({ name, mtime: statSync(join(dir, name)).mtimeMs })).sort((a, b) => a.mtime - b.mtime);
  for (const { name } of byAge.slice(0, names.length - MAX_ENTRIES)) unlinkSync(join(dir, name));
}
