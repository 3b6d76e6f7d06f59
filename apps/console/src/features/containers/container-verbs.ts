import { canDo, type ContainerStatus } from '@berth/runtime/model';

/** What a person can do to a container from the console; each is one API call. */
export type ContainerVerb = 'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'kill' | 'remove';

export const CONTAINER_VERBS: readonly ContainerVerb[] = ['start', 'stop', 'restart', 'pause', 'unpause', 'kill', 'remove'];

export const VERB_LABELS: Record<ContainerVerb, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  pause: 'Pause',
  unpause: 'Unpause',
  kill: 'Kill',
  remove: 'Remove',
};

/**
 * The status to show while a verb is on its way, so the list answers at once; the
 * server's answer (or the event that follows) replaces it, and a failure rolls it back.
 * Remove has none: the row disappears instead.
 */
export const OPTIMISTIC_STATUS: Partial<Record<ContainerVerb, ContainerStatus>> = {
  start: 'running',
  stop: 'stopped',
  restart: 'running',
  pause: 'paused',
  unpause: 'running',
  kill: 'stopped',
};

/**
 * Whether the verb makes sense in this status, by the runtime's own status machine, so a
 * button is offered exactly when the engine would accept it. Remove kills first (force),
 * hence anything but a container still being made.
 */
export function verbAllowed(verb: ContainerVerb, status: ContainerStatus): boolean {
  switch (verb) {
    case 'start':
      return canDo('start', status) || status === 'stopped';
    case 'stop':
    case 'kill':
      return status === 'running' || status === 'paused';
    case 'restart':
      return status === 'running' || status === 'stopped' || status === 'created';
    case 'pause':
      return canDo('pause', status);
    case 'unpause':
      return canDo('resume', status);
    case 'remove':
      return canDo('forceDelete', status);
  }
}
