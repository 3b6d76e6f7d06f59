import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RuntimeError } from '../model/runtime-error.js';
import { validateContainerId } from '../spec/container-id.js';
import { errnoOf, readIfExists, writeFileAtomic } from '../util/files.js';
import type { ContainerState } from './container-state.js';
import { formatSidecar, SIDECAR_FILE } from './state-sidecar.js';
import { Trash } from './trash.js';

/** Longest unix socket path (sun_path is 108 bytes with the terminating NUL). */
const MAX_SOCKET_PATH = 107;
const STATE_FILE = 'state.json';

/**
 * The state root: one directory per container holding state.json, the validated spec, the
 * launch plan and the shim's files (pids, logs, attach socket, exit.json). File operations
 * are synchronous: small metadata operations on the start path (see util/files.ts).
 */
export class StateRoot {
  readonly path: string;
  readonly trash: Trash;

  constructor(path: string) {
    this.path = resolve(path);
    this.trash = new Trash(this.path);
  }

  /** 0711: others may traverse (a user-namespaced root must reach an overlay's upper dir) but not list. */
  async ensure(): Promise<void> {
    mkdirSync(this.path, { recursive: true, mode: 0o711 });
  }

  dir(id: string): string {
    validateContainerId(id);
    const dir = join(this.path, id);
    if (`${dir}/attach.sock`.length > MAX_SOCKET_PATH) {
      throw new RuntimeError('PATH_TOO_LONG', `state dir ${dir} is too long for its attach socket; use a shorter --root or id`);
    }
    return dir;
  }

  /** Claims the directory for a new container; fails if the id is taken. */
  async claim(id: string): Promise<string> {
    const dir = this.dir(id);
    await this.ensure();
    try {
      // 0700: its upper dir holds what the container wrote (setuid binaries included), which no
      // other host user may reach. create() opens it to traversal (0711) only for a remapped
      // container, whose root, a host uid of the range, mounts the overlay itself.
      mkdirSync(dir, { mode: 0o700 });
    } catch (error) {
      if (errnoOf(error) === 'EEXIST') throw new RuntimeError('CONTAINER_EXISTS', `container ${id} already exists`);
      throw new RuntimeError(errnoOf(error) ?? 'EIO', `creating ${dir}: ${(error as Error).message}`, { cause: error });
    }
    return dir;
  }

  /**
   * Frees the container's directory. In the background: moved to the trash at once (the id may
   * be reused from here on) and its files removed after. Otherwise removed before this returns,
   * without blocking the event loop, leaving the root as it was before the container.
   */
  async release(id: string, options: { background?: boolean } = {}): Promise<void> {
    if (options.background) void this.trash.discard(this.dir(id));
    else await rm(this.dir(id), { recursive: true, force: true, maxRetries: 3 });
  }

  async read(id: string): Promise<ContainerState> {
    const text = await readIfExists(join(this.dir(id), STATE_FILE));
    if (text === undefined) throw new RuntimeError('CONTAINER_NOT_FOUND', `container ${id} does not exist`);
    try {
      return JSON.parse(text) as ContainerState;
    } catch (error) {
      throw new RuntimeError('STATE_CORRUPT', `${join(this.dir(id), STATE_FILE)}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** state.json, then its plain-text sidecar for the native verbs (written second, so it never leads). */
  async write(state: ContainerState): Promise<void> {
    const dir = this.dir(state.id);
    const json = `${JSON.stringify(state, null, 2)}\n`;
    await writeFileAtomic(join(dir, STATE_FILE), json, 0o600);
    const sidecar = formatSidecar(state, json);
    if (sidecar !== undefined) await writeFileAtomic(join(dir, SIDECAR_FILE), sidecar, 0o600);
    else rmSync(join(dir, SIDECAR_FILE), { force: true });
  }

  /** Ids of every container with a state.json, sorted. */
  async ids(): Promise<string[]> {
    let entries;
    try {
      entries = readdirSync(this.path, { withFileTypes: true });
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return [];
      throw error;
    }
    const ids: string[] = [];
    for (const entry of entries) {
      if (entry.isDirectory() && (await readIfExists(join(this.path, entry.name, STATE_FILE))) !== undefined) ids.push(entry.name);
    }
    return ids.sort();
  }
}
