import { randomBytes } from 'node:crypto';
import type { ExecSession } from '../engine/runtime-adapter.js';
import { DockerError } from './docker-errors.js';

/** What `POST /containers/{id}/exec` asks for; it runs at `POST /exec/{id}/start`. */
export interface ExecConfig {
  cmd: string[];
  env?: string[];
  workingDir?: string;
  user?: string;
  tty: boolean;
  attachStdin: boolean;
  attachStdout: boolean;
  attachStderr: boolean;
}

export interface ExecInstance {
  id: string;
  teamId: string;
  containerId: string;
  config: ExecConfig;
  running: boolean;
  exitCode: number | null;
  pid: number;
  session?: ExecSession;
  /** When it exited (ms), for expiry. */
  endedAt?: number;
}

/** Finished execs are kept this long for `GET /exec/{id}/json` (the CLI reads the exit code right after). */
const KEEP_FINISHED_MS = 10 * 60_000;
/** And at most this many in all, so a client that creates and never starts cannot grow memory without end. */
const MAX_INSTANCES = 2048;

/**
 * Exec instances between create and inspect, in memory as in Docker (an exec does not
 * survive a restart of the server that runs it). Another team's exec is not found.
 */
export class ExecInstances {
  private readonly instances = new Map<string, ExecInstance>();

  create(teamId: string, containerId: string, config: ExecConfig): ExecInstance {
    this.expire(Date.now());
    if (this.instances.size >= MAX_INSTANCES) throw new DockerError(503, 'TOO_MANY_EXECS: too many exec instances are pending; start or let some finish');
    const instance: ExecInstance = { id: randomBytes(32).toString('hex'), teamId, containerId, config, running: false, exitCode: null, pid: 0 };
    this.instances.set(instance.id, instance);
    return instance;
  }

  get(teamId: string, id: string): ExecInstance {
    const instance = this.instances.get(id);
    if (!instance || instance.teamId !== teamId) throw new DockerError(404, `No such exec instance: ${id}`);
    return instance;
  }

  /** Marks it running with its session; its exit is recorded when it comes. */
  started(instance: ExecInstance, session: ExecSession): void {
    if (instance.running || instance.exitCode !== null) throw new DockerError(409, `exec ${instance.id} has already run`);
    instance.running = true;
    instance.session = session;
    instance.pid = session.pid;
    void session.exit.then(
      (code) => this.ended(instance, code),
      () => this.ended(instance, -1),
    );
  }

  private ended(instance: ExecInstance, code: number): void {
    instance.running = false;
    instance.exitCode = code;
    instance.endedAt = Date.now();
  }

  private expire(now: number): void {
    for (const [id, instance] of this.instances) if (instance.endedAt !== undefined && now - instance.endedAt > KEEP_FINISHED_MS) this.instances.delete(id);
  }
}
