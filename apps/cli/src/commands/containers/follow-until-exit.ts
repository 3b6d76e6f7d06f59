import type { LogRecord } from '@berth/contracts';
import type { CliContext } from '../../cli-context.js';
import { proxySignals } from './signal-proxy.js';

/** The shell's status for "ended by SIGINT". */
const INTERRUPTED_EXIT_CODE = 130;

export interface FollowResult {
  exitCode: number;
  /** The user let go (Ctrl-C three times): the container may still run. */
  detached: boolean;
}

/**
 * Copies the container's output to this process's stdout and stderr until it stops, then
 * answers its exit code. The log stream starts at the first record, so output written before
 * the stream opened is not lost. Ctrl-C is sent on to the container instead of leaving it
 * running unseen; the third one detaches and says how to stop the container.
 */
export async function followUntilExit(context: CliContext, id: string): Promise<FollowResult> {
  const client = context.client();
  const detach = new AbortController();
  const stopProxy = proxySignals({
    forward: (signal) => void client.containers.kill(id, { signal }).catch(() => undefined),
    detach: () => detach.abort(),
  });
  // Asked before the output is read, so the exit code is on its way by the time the log ends
  // (one round trip less on every `run`); read only after the log, as before.
  const exited = client.containers.wait(id, { signal: detach.signal });
  exited.catch(() => undefined); // awaited below, or moot when the log fails first
  try {
    for await (const record of client.containers.followLogs(id, {}, detach.signal)) writeRecord(context, record);
    return { exitCode: (await exited).exitCode, detached: false };
  } catch (error) {
    if (!detach.signal.aborted) throw error;
    reportDetached(context, id);
    return { exitCode: INTERRUPTED_EXIT_CODE, detached: true };
  } finally {
    stopProxy();
  }
}

/** What the user is told on letting go of a container that runs on. */
export function reportDetached(context: CliContext, id: string): void {
  context.err(`berth: DETACHED: container ${id.slice(0, 12)} is still running; stop it with \`berth stop ${id.slice(0, 12)}\`\n`);
}

export function writeRecord(context: CliContext, record: LogRecord, timestamps = false): void {
  const text = timestamps && record.time ? `${record.time} ${record.log}` : record.log;
  if (record.stream === 'stderr') context.err(text);
  else context.out(text);
}
