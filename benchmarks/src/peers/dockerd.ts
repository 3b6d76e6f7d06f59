import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { killProcessesUsing } from './processes-using.js';
import { removeCgroup } from './remove-cgroup.js';
import { unmountUnder } from './unmount-under.js';
import { delay, settlesWithin } from './wait.js';

/** Tried in this order: overlay2 is Docker's default; vfs (plain copies) works on any file system. */
const STORAGE_DRIVERS = ['overlay2', 'vfs'] as const;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 30_000;

export interface Dockerd {
  /** `unix://…/docker.sock`, for `docker -H`. */
  host: string;
  storageDriver: string;
  /** SIGTERM (dockerd stops the containerd it started), wait, then remove every trace under its directory. */
  stop(): Promise<void>;
}

/**
 * A dockerd of the benchmark's own, not the host's: data root, exec root (with the containerd
 * it manages), pid file and socket all in `dir`, no iptables rules and no docker0 bridge
 * (`--network none` needs neither), and a cgroup parent of its own that stop removes. Rejects
 * with the daemon's own words when no storage driver lets it start.
 */
export async function startDockerd(dockerd: string, dir: string, log: (line: string) => void): Promise<Dockerd> {
  const failures: string[] = [];
  for (const driver of STORAGE_DRIVERS) {
    try {
      return await startWith(dockerd, join(dir, driver), driver, log);
    } catch (error) {
      failures.push(`${driver}: ${(error as Error).message}`);
    }
  }
  throw new Error(`dockerd did not start (${failures.join('; ')})`);
}

async function startWith(dockerd: string, dir: string, driver: string, log: (line: string) => void): Promise<Dockerd> {
  await mkdir(dir, { recursive: true });
  const socket = join(dir, 'docker.sock');
  const cgroupParent = `/berth-bench-dockerd-${process.pid}-${driver}`;
  const logFile = join(dir, 'dockerd.log');
  const logFd = openSync(logFile, 'w');
  const child = spawn(
    dockerd,
    [
      '--data-root',
      join(dir, 'data'),
      '--exec-root',
      join(dir, 'exec'),
      '--pidfile',
      join(dir, 'docker.pid'),
      '--host',
      `unix://${socket}`,
      '--iptables=false',
      '--ip-masq=false',
      '--bridge=none',
      '--storage-driver',
      driver,
      '--cgroup-parent',
      cgroupParent,
      '--log-level',
      'warn',
    ],
    { stdio: ['ignore', logFd, logFd] },
  );
  closeSync(logFd);
  let ended = false;
  // A spawn failure emits 'error' and maybe no 'exit': either one means there is no daemon.
  const exited = new Promise<void>((resolve) => {
    const end = () => {
      ended = true;
      resolve();
    };
    child.once('exit', end);
    child.once('error', end);
  });

  const stop = async () => {
    if (!ended) {
      child.kill('SIGTERM');
      const stopped = await settlesWithin(exited, STOP_TIMEOUT_MS);
      if (!stopped) {
        log(`dockerd did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM: killing it`);
        child.kill('SIGKILL');
        await exited;
      }
    }
    killProcessesUsing(dir, log); // containerd and its shims name the exec root in their arguments
    unmountUnder(dir);
    removeCgroup(cgroupParent);
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await ping(socket))) {
    if (ended || Date.now() > deadline) {
      const reason = ended ? 'exited' : `no answer in ${START_TIMEOUT_MS / 1000} s`;
      const words = daemonErrors(logFile);
      await stop();
      throw new Error(`${reason}: ${words}`);
    }
    await delay(100);
  }
  return { host: `unix://${socket}`, storageDriver: driver, stop };
}

/** Docker's health endpoint over its unix socket. */
function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath: socket, path: '/_ping', timeout: 1_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** The daemon's error and fatal lines (its reason for giving up), else its last lines. */
function daemonErrors(logFile: string): string {
  let text = '';
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return '(no log)';
  }
  const lines = text.trim().split('\n');
  const errors = lines.filter((line) => /level=(error|fatal)/.test(line));
  return (errors.length > 0 ? errors : lines).slice(-2).join(' | ').slice(0, 400) || '(empty log)';
}
