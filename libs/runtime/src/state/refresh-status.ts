import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeError } from '../model/runtime-error.js';
import { readIfExists } from '../util/files.js';
import { identify, isAlive, type ProcessIdentity } from '../util/proc.js';
import type { ContainerState, ExitStatus } from './container-state.js';

/** Left in the state dir by the native `start` once the start gate is open (native/STATE.md). */
export const STARTED_MARKER = 'started';

/**
 * Brings a container's recorded status in line with the kernel before any verb acts on it
 * (youki's "refresh first"). The shim's files are the evidence: exit.json means stopped;
 * a live shim means created, running or paused (its `status` file and the freezer say which); a dead shim without
 * exit.json means the container was lost (killed with its shim, machine rebooted, ...).
 */
export async function refreshStatus(dir: string, state: ContainerState, isFrozen?: () => Promise<boolean>): Promise<ContainerState> {
  if (state.status === 'stopped') return state;

  // Still being made by a live process: that process owns it until it says otherwise.
  if (state.status === 'creating' && state.creator && (await isAlive(state.creator))) return state;

  const exit = await readExit(dir);
  if (exit) return { ...state, status: 'stopped', exit, creator: undefined };

  // A create that died after starting the shim left a container worth adopting.
  const shim = state.shim ?? (await shimFromFiles(dir));
  if (shim && (await isAlive(shim))) {
    const file = (await readIfExists(join(dir, 'status')))?.trim();
    const init = state.init ?? (await initFromFiles(dir));
    // Never step back: after `start` we say running before the shim has rewritten its file.
    // The native `start` cannot rewrite state.json (it parses no JSON) and leaves a marker instead.
    const started = file === 'running' || state.status === 'running' || state.status === 'paused' || existsSync(join(dir, STARTED_MARKER));
    // The freezer is the truth about paused: someone may have thawed it behind our back.
    const status = started ? ((await isFrozen?.().catch(() => false)) ? 'paused' : 'running') : 'created';
    return { ...state, status, shim, init, creator: undefined };
  }
  // The shim may have written exit.json and exited between our two looks.
  const late = await readExit(dir);
  const gone = state.handoff ? reapedExit() : lostExit();
  return { ...state, status: 'stopped', exit: late ?? gone, creator: undefined };
}

async function readExit(dir: string): Promise<ExitStatus | undefined> {
  const text = await readIfExists(join(dir, 'exit.json'));
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as ExitStatus;
  } catch (error) {
    throw new RuntimeError('STATE_CORRUPT', `${join(dir, 'exit.json')}: ${(error as Error).message}`, { cause: error });
  }
}

/** A container whose shim vanished without a word; 255 is what `ssh` uses for "lost contact". */
function lostExit(): ExitStatus {
  return { exitCode: 255, signal: null, oomKilled: false, finishedAt: new Date().toISOString(), lost: true };
}

/** A handed-off container ended: its exit status went to the caller's subreaper, not to us. */
function reapedExit(): ExitStatus {
  return { exitCode: -1, signal: null, oomKilled: false, finishedAt: new Date().toISOString(), reapedByCaller: true };
}

async function pidFile(path: string): Promise<ProcessIdentity | undefined> {
  const text = await readIfExists(path);
  const pid = Number(text?.trim());
  return Number.isInteger(pid) && pid > 0 ? identify(pid) : undefined;
}

/** For a create that died after the shim started but before it recorded the shim. */
export function shimFromFiles(dir: string): Promise<ProcessIdentity | undefined> {
  return pidFile(join(dir, 'shim.pid'));
}

export function initFromFiles(dir: string): Promise<ProcessIdentity | undefined> {
  return pidFile(join(dir, 'init.pid'));
}
