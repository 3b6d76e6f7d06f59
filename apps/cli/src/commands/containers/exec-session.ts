import type { CliContext } from '../../cli-context.js';
import { connectionLost, ContainerSocket } from '../../interactive/container-socket.js';
import { terminalSize } from '../../interactive/local-terminal.js';
import { relay } from '../../interactive/relay.js';
import { stdioMode } from '../../interactive/stdio-mode.js';
import { envFlags } from './create-flags/env-flag.js';
import { proxySignals, signalExitCode } from './signal-proxy.js';

export interface ExecSessionFlags {
  env?: string[];
  workdir?: string;
  user?: string;
  interactive?: boolean;
  tty?: boolean;
}

/**
 * `exec -i` / `-t`: the command runs over the exec WebSocket with our stdin and, with `-t`, a
 * terminal of our size that follows ours. Exits with the command's exit code from the
 * server's last message (126 or 127 when it could not be run, as the shim reports). Without a
 * terminal, Ctrl-C is sent to the command; the third lets go, which ends the command (the
 * server does that when its socket closes). With one, Ctrl-C is a key for the container's
 * terminal, and a signal to this process ends the session at once.
 */
export async function execSession(context: CliContext, container: string, cmd: string[], flags: ExecSessionFlags): Promise<number> {
  const mode = stdioMode(context, flags);
  const socket = await ContainerSocket.open(context.config(), container, {
    kind: 'exec',
    cmd,
    tty: mode.tty,
    size: mode.tty ? terminalSize() : undefined,
    env: flags.env ? envFlags(flags.env, context.env) : undefined,
    workingDir: flags.workdir,
    user: flags.user,
  });
  let interruptedBy: NodeJS.Signals | undefined;
  const stopProxy = proxySignals({
    forward: mode.tty ? undefined : (signal) => socket.sendControl({ type: 'signal', signal }),
    detach: (signal) => {
      interruptedBy = signal;
      socket.close();
    },
  });
  try {
    const end = await relay(socket, { ...mode, resizes: true });
    if (interruptedBy) return signalExitCode(interruptedBy);
    if (end.exitCode === undefined) throw connectionLost(end.close, 'the command exited');
    return end.exitCode;
  } finally {
    stopProxy();
  }
}
