import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { Socket } from 'node:net';
import { RuntimeError } from '../model/runtime-error.js';
import { escapeField } from '../plan/plan-text.js';
import { parseShimError, runShim } from './shim-binary.js';

/** How `berth-shim create <plan>` gets run; the result is the same either way. */
export interface ShimLauncher {
  /** Runs `create` on a plan; rejects with the shim's error as a RuntimeError. */
  create(planPath: string, what: string): Promise<void>;
  /** Stops any helper process; a later create starts a new one. */
  close(): Promise<void>;
}

export type LauncherKind = 'server' | 'spawn';

export function makeLauncher(kind: LauncherKind, shim: string): ShimLauncher {
  return kind === 'server' ? new ServerLauncher(shim) : new SpawnLauncher(shim);
}

/** A fresh `berth-shim create` per container: right for a process that creates one and exits. */
export class SpawnLauncher implements ShimLauncher {
  /**
   * `extraFiles`: descriptors of this process the shim gets as 3, 4, … (for the plan's
   * preserve_fds). `inheritStdio`: the shim gets this process's fds 0 and 1 as its own and its
   * fd 2 after the extra files (the plan's `handoff` fd), for a container that keeps them.
   */
  constructor(
    private readonly shim: string,
    private readonly extraFiles: readonly number[] = [],
    private readonly inheritStdio = false,
  ) {}

  create(planPath: string, what: string): Promise<void> {
    if (this.inheritStdio) return runShim(this.shim, ['create', planPath], what, [...this.extraFiles, 2], [0, 1]);
    return runShim(this.shim, ['create', planPath], what, this.extraFiles);
  }

  /** Nothing outlives a create here. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Runs `create` through one long-lived `berth-shim serve` (native/README.md, "serve"). In a
 * warm Node process, spawning the shim means libuv forking all of Node, page tables and all,
 * per container; the server is a small static process, so its fork is cheap.
 *
 * The server never keeps Node alive (handles are ref'd only while a request is pending) and
 * dies with it. If it dies, the next create starts a new one once; after a second death, or
 * if it cannot start, creates go through plain spawn.
 */
export class ServerLauncher implements ShimLauncher {
  private server: ServeProcess | undefined;
  private deaths = 0;
  private readonly spawnLauncher: SpawnLauncher;

  constructor(private readonly shim: string) {
    this.spawnLauncher = new SpawnLauncher(shim);
  }

  /** The server's pid, once one runs (for tests and diagnostics). */
  get pid(): number | undefined {
    return this.server?.pid;
  }

  create(planPath: string, what: string): Promise<void> {
    if (this.deaths >= 2) return this.spawnLauncher.create(planPath, what);
    if (!this.server) {
      try {
        this.server = new ServeProcess(this.shim, (server) => this.died(server));
      } catch {
        return this.spawnLauncher.create(planPath, what);
      }
    }
    return this.server.request(planPath, what).catch((error: unknown) => {
      // The server never read the request: running it elsewhere cannot run it twice.
      if (error instanceof NotStarted) return this.spawnLauncher.create(planPath, what);
      throw error;
    });
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.stop();
  }

  private died(server: ServeProcess): void {
    if (this.server !== server) return; // stopped by close()
    this.server = undefined;
    this.deaths++;
  }
}

/** Rejection for requests the server provably never saw (it died before saying "ready"). */
class NotStarted extends Error {}

interface Pending {
  what: string;
  resolve(): void;
  reject(error: Error): void;
}

/** One `berth-shim serve` child and its request table. */
class ServeProcess {
  private readonly child: ChildProcess;
  private readonly socket: Socket;
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  private ready = false;
  private closed = false;
  private buffer = '';
  private stderr = '';
  private readonly gone: Promise<void>;

  constructor(shim: string, onDeath: (server: ServeProcess) => void) {
    // fd 3 becomes a socketpair end in the child. detached: its own session, so a ^C meant
    // for this process group does not kill the server under a create (it still dies with us).
    this.child = spawn(shim, ['serve'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], detached: true });
    this.socket = this.child.stdio[3] as Socket;
    const stderr = this.child.stderr as Readable & { unref?(): void };
    stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr = (this.stderr + chunk).slice(-4096)));
    // Only diagnostics: never a reason to keep Node running.
    stderr.unref?.();
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk: string) => this.receive(chunk));
    this.socket.on('error', () => undefined); // EPIPE after a death; 'close' reports it
    // 'close' comes after the exit and after fd 3 and stderr closed, so no reply can follow;
    // a spawn that failed (ENOENT, EACCES) emits 'error' and then 'close' too.
    this.child.on('error', () => undefined);
    this.gone = new Promise((resolve) =>
      this.child.on('close', () => {
        this.closed = true;
        this.failAll();
        onDeath(this);
        resolve();
      }),
    );
    this.setRef(false);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  request(planPath: string, what: string): Promise<void> {
    // Exited but not yet reported: it can read nothing more.
    if (this.closed || this.child.exitCode !== null || this.child.signalCode !== null) return Promise.reject(new NotStarted());
    const id = String(this.nextId++);
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { what, resolve, reject });
      if (this.pending.size === 1) this.setRef(true);
      this.socket.write(`${id}\tcreate\t${escapeField(planPath)}\n`);
    });
  }

  /** Ends the connection: the server exits on EOF. */
  async stop(): Promise<void> {
    // Ref'd until it is gone, so awaiting close() really waits.
    this.setRef(true);
    this.socket.end();
    await this.gone;
    this.setRef(false);
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      if (line === 'ready') {
        this.ready = true;
        continue;
      }
      const [id, code, text] = line.split('\t');
      const pending = id === undefined ? undefined : this.pending.get(id);
      if (!pending || code === undefined || text === undefined) continue;
      this.settle(id!);
      const exitCode = Number(code);
      if (exitCode === 0) pending.resolve();
      else pending.reject(parseShimError(unescapeField(text), exitCode, pending.what));
    }
  }

  private settle(id: string): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.setRef(false);
  }

  private failAll(): void {
    const detail = this.stderr.trim() || `exit status ${this.child.exitCode ?? this.child.signalCode}`;
    for (const [id, pending] of this.pending) {
      this.settle(id);
      // After "ready" the server may have started the create, which runs on without it:
      // retrying could make the container twice.
      pending.reject(this.ready ? new RuntimeError('SHIM_FAILED', `${pending.what}: berth-shim serve exited before answering (${detail})`) : new NotStarted());
    }
  }

  private setRef(on: boolean): void {
    if (on) {
      this.child.ref();
      this.socket.ref();
    } else {
      this.child.unref();
      this.socket.unref();
    }
  }
}

/** The inverse of escapeField (PLAN.md's three escapes). */
export function unescapeField(text: string): string {
  return text.replace(/\\(.)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c));
}
