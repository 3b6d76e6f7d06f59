import { constants } from 'node:os';

/** The signals an attached session passes on to what it is attached to, as docker's --sig-proxy does. */
const PROXIED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** A process without a handler ignores SIGINT as PID 1, or SIGTERM as an interactive shell: after this many the CLI lets go, as docker does. */
export const SIGNALS_BEFORE_DETACH = 3;

/**
 * Catches SIGINT, SIGTERM and SIGHUP while a session lasts: each goes to `forward`, until the
 * `detachAfter`-th, which goes to `detach` instead (without `forward`, the first one does).
 * Catching them also keeps Node from dying on them before the session has cleaned up (a raw
 * terminal, a container to remove). Returns what removes the handlers.
 */
export function proxySignals(options: {
  forward?: (signal: NodeJS.Signals) => void;
  detach: (signal: NodeJS.Signals) => void;
  detachAfter?: number;
}): () => void {
  const detachAfter = options.forward ? (options.detachAfter ?? SIGNALS_BEFORE_DETACH) : 1;
  let received = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    received += 1;
    if (received >= detachAfter) options.detach(signal);
    else options.forward?.(signal);
  };
  for (const signal of PROXIED_SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of PROXIED_SIGNALS) process.off(signal, onSignal);
  };
}

/** The shell's exit status for "ended by `signal`": 130 for SIGINT, 143 for SIGTERM. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}
