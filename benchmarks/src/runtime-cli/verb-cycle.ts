import { processOutput, runProcess } from '../peers/run-process.js';

/** The verbs a runtime-cli sample times, each one cold process of the runtime's command line. */
export const RUNTIME_VERBS = ['create', 'start', 'state', 'kill', 'delete', 'run'] as const;
export type RuntimeVerb = (typeof RUNTIME_VERBS)[number];

export interface RuntimeCommand {
  /** How each command starts: the binary, or `nsenter` with its arguments before the binary. */
  prefix: string[];
  /** The runtime's own state root (`--root`). */
  root: string;
}

export interface CycleBundles {
  /** Runs `sleep`: created, started, inspected, killed and deleted. */
  waiting: string;
  /** Runs `/bin/true`: for `run`, which waits for the exit and deletes. */
  exiting: string;
}

const STOP_TIMEOUT_MS = 10_000;

/**
 * `rounds` times, one container through every verb, each verb timed as its own process:
 * create, start, state, kill (SIGKILL), then — untimed — waiting for it to stop, delete; then
 * a foreground `run` of /bin/true. The verbs alternate within a round, so a noisy moment on
 * the host spreads over all of them instead of landing on one.
 */
export async function timeVerbCycles(command: RuntimeCommand, bundles: CycleBundles, name: string, rounds: number): Promise<Map<RuntimeVerb, number[]>> {
  const samples = new Map<RuntimeVerb, number[]>(RUNTIME_VERBS.map((verb) => [verb, []]));
  const invoke = (args: string[]) => runProcess(command.prefix[0]!, [...command.prefix.slice(1), '--root', command.root, ...args]);
  const timed = async (verb: RuntimeVerb, args: string[]) => {
    const started = performance.now();
    await invoke(args);
    samples.get(verb)!.push(performance.now() - started);
  };
  for (let round = 0; round < rounds; round++) {
    const id = `bench-${name}-${round}`;
    await timed('create', ['create', '--bundle', bundles.waiting, id]);
    try {
      await timed('start', ['start', id]);
      await timed('state', ['state', id]);
      await timed('kill', ['kill', id, 'KILL']);
      await waitStopped(command, id);
      await timed('delete', ['delete', id]);
    } catch (error) {
      await invoke(['delete', '--force', id]).catch(() => undefined);
      throw error;
    }
    await timed('run', ['run', '--bundle', bundles.exiting, `${id}-run`]);
  }
  return samples;
}

/** Polls `state` until the container says stopped (a killed init is reaped a moment later). */
async function waitStopped(command: RuntimeCommand, id: string): Promise<void> {
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  for (;;) {
    const text = await processOutput(command.prefix[0]!, [...command.prefix.slice(1), '--root', command.root, 'state', id]);
    if ((JSON.parse(text) as { status?: string }).status === 'stopped') return;
    if (Date.now() > deadline) throw new Error(`container ${id} did not stop within ${STOP_TIMEOUT_MS} ms of SIGKILL`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
