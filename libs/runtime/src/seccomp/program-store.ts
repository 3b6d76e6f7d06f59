import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { OciSeccomp } from '../model/oci-spec.js';
import { fnv1a32 } from '../state/state-sidecar.js';
import { writeFileAtomic } from '../util/files.js';

/**
 * Compiled seccomp programs kept on disk for the native `berth-runtime create`
 * (native/src/cli/seccomp_store.c), which parses a spec but cannot compile its profile: it
 * uses the program this side compiled for the very same profile, and hands the create to
 * this side when there is none. An entry names what it was compiled from: the profile as
 * JSON.stringify writes it (compared byte for byte, so a different profile never matches),
 * the CPU, and the compiler — the id `make` derives from src/seccomp/*.ts and writes beside
 * the native binaries, so a changed compiler never serves an old program. The directory is
 * inside the state root (a tmpfs, /run/berth, by default), beside the containers.
 */
export const PROGRAM_STORE_DIR = '.seccomp-programs';

/** Profiles kept; an engine uses a handful (Docker's default per capability set). */
const MAX_ENTRIES = 64;

export interface StoredProgram {
  seccomp: OciSeccomp;
  program: Buffer;
  flags: number;
}

/** The entry's file name: the key's FNV-1a and length (the key inside decides). */
export function programEntryName(key: string): string {
  const bytes = Buffer.from(key, 'utf8');
  return `${fnv1a32(bytes)}-${bytes.length}`;
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
      id = readFileSync(join(dirname(shim), 'seccomp-compiler.id'), 'utf8').trim();
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
  const header = `berth-seccomp\t1\ncompiler\t${compiler}\narch\t${process.arch}\nflags\t${entry.flags}\nkey\t${Buffer.byteLength(key)}\n`;
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
  const key = JSON.stringify(entry.seccomp);
  const dir = join(root, PROGRAM_STORE_DIR);
  const path = join(dir, programEntryName(key));
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
