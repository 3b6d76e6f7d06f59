import { verbAllowed, type ContainerStatus, type ContainerVerb as MachineVerb } from '@berth/runtime/model';

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
 * The machine's verb behind each button. Remove is the forced one: the console asks for a
 * confirmation and removes with force=true, so it is offered for a running container too.
 */
const MACHINE_VERB: Record<ContainerVerb, MachineVerb> = {
  start: 'start',
  stop: 'stop',
  restart: 'restart',
  pause: 'pause',
  unpause: 'unpause',
  kill: 'kill',
  remove: 'forceRemove',
};

/**
 * Whether the verb is offered in this status: the runtime model's status machine decides, so a
 * button is offered exactly when the API would accept it.
 */
export function verbOffered(verb: ContainerVerb, status: ContainerStatus): boolean {
  return verbAllowed(MACHINE_VERB[verb], status);
}
