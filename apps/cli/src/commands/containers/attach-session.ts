import type { CliContext } from '../../cli-context.js';
import { connectionLost, ContainerSocket } from '../../interactive/container-socket.js';
import { relay } from '../../interactive/relay.js';
import type { StdioMode } from '../../interactive/stdio-mode.js';
import { reportDetached, type FollowResult } from './follow-until-exit.js';
import { proxySignals, signalExitCode } from './signal-proxy.js';

/** The attach socket of a created or running container, ready before anything is started. */
export function openAttachSocket(context: CliContext, id: string): Promise<ContainerSocket> {
  return ContainerSocket.open(context.config(), id, { kind: 'attach' });
}

/**
 * Joins this process's stdio to the container's main process over its open attach `socket`
 * until the container stops, then answers its exit code (the attach socket does not carry
 * one: `wait` does). `start`, when given, runs once output is being relayed, so that `run`
 * loses none of it. Without a terminal, signals go on to the container and the third lets
 * go; with one, Ctrl-C is a key for the container and a signal to this process lets go at
 * once. Letting go leaves the container running and says so.
 */
export async function relayUntilExit(
  context: CliContext,
  id: string,
  socket: ContainerSocket,
  mode: StdioMode,
  start?: () => Promise<unknown>,
): Promise<FollowResult> {
  const client = context.client();
  let detachedBy: NodeJS.Signals | undefined;
  const stopProxy = proxySignals({
    forward: mode.tty ? undefined : (signal) => void client.containers.kill(id, { signal }).catch(() => undefined),
    detach: (signal) => {
      detachedBy = signal;
      socket.close();
    },
  });
  try {
    const relaying = relay(socket, { ...mode, resizes: false });
    if (start) {
      try {
        await start();
      } catch (error) {
        socket.close();
        await relaying; // restores the terminal before the error is printed
        throw error;
      }
    }
    const end = await relaying;
    if (detachedBy) {
      reportDetached(context, id);
      return { exitCode: signalExitCode(detachedBy), detached: true };
    }
    if (end.close.code !== 1000) throw connectionLost(end.close, 'the container stopped');
    return { exitCode: (await client.containers.wait(id)).exitCode, detached: false };
  } finally {
    stopProxy();
  }
}
