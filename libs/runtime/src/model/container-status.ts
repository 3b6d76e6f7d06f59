/**
 * The container status machine, shared by the engine and the console so that a
 * button is offered exactly when the runtime would accept the action.
 * The names are the OCI runtime-spec states, plus `paused`.
 */
export type ContainerStatus = 'creating' | 'created' | 'running' | 'paused' | 'stopped';

export const CONTAINER_STATUSES: readonly ContainerStatus[] = ['creating', 'created', 'running', 'paused', 'stopped'];

export type ContainerAction = 'start' | 'kill' | 'pause' | 'resume' | 'update' | 'stats' | 'exec' | 'delete' | 'forceDelete';

const ALLOWED: Record<ContainerAction, readonly ContainerStatus[]> = {
  start: ['created'],
  kill: ['created', 'running', 'paused'],
  pause: ['running'],
  resume: ['paused'],
  // Limits and counters live in the cgroup, which exists from create until delete.
  update: ['created', 'running', 'paused'],
  stats: ['created', 'running', 'paused'],
  exec: ['running'],
  delete: ['stopped'],
  // `delete --force` kills first, so anything but a container still being made.
  forceDelete: ['created', 'running', 'paused', 'stopped'],
};

export function canDo(action: ContainerAction, status: ContainerStatus): boolean {
  return ALLOWED[action].includes(status);
}

/** The statuses from which an action is accepted, for messages like "start needs created". */
export function statusesFor(action: ContainerAction): readonly ContainerStatus[] {
  return ALLOWED[action];
}
