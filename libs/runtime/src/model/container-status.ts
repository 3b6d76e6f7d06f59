/**
 * The container status machine, shared by the runtime, the API and the console so that a
 * button is offered exactly when the API would accept the verb, and the API asks the runtime
 * only for what the runtime would accept. The names are the OCI runtime-spec states, plus
 * `paused`. One set of statuses, two sets of verbs over it:
 *
 * - actions (`canDo`): what the OCI runtime does to one runtime container — berth-runtime's
 *   verbs, which containerd's shim drives too. An OCI container runs once.
 * - verbs (`verbAllowed`): what a person asks of a Berth container — the REST API's routes,
 *   the console's buttons, the CLI's commands. A Berth container outlives its runtime
 *   containers (its bundle, writable layer and log are kept), which is where the two differ.
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

export type ContainerVerb =
  | 'start'
  | 'stop'
  | 'restart'
  | 'kill'
  | 'pause'
  | 'unpause'
  | 'update'
  | 'stats'
  | 'top'
  | 'exec'
  | 'attach'
  | 'followLogs'
  | 'rename'
  | 'remove'
  | 'forceRemove';

/** Where the container's command runs, frozen or not. */
const COMMAND_RUNS: readonly ContainerStatus[] = ['running', 'paused'];
/** Every status but `creating`: a container still being made takes no verb but rename. */
const MADE: readonly ContainerStatus[] = ['created', 'running', 'paused', 'stopped'];

const VERB_ALLOWED: Record<ContainerVerb, readonly ContainerStatus[]> = {
  // A stopped container starts on a new runtime container made from its kept bundle.
  start: [...ALLOWED.start, 'stopped'],
  // Stop and kill end a command that runs; a created container's has not begun (Docker: "not running").
  stop: COMMAND_RUNS,
  kill: COMMAND_RUNS,
  // Stop where the command runs (a paused one is thawed to take the signal), then start.
  restart: MADE,
  pause: ALLOWED.pause,
  unpause: ALLOWED.resume,
  // Live while the runtime container can take it (`canDo('update')`); a stopped one takes the
  // new limits at its next start.
  update: [...ALLOWED.update, 'stopped'],
  stats: COMMAND_RUNS,
  top: COMMAND_RUNS,
  exec: ALLOWED.exec,
  // Attaching to a created container catches its output from the first byte once it starts.
  attach: ['created', 'running'],
  // More output can still come: following a stopped container's log only reads to its end.
  followLogs: ['created', 'running', 'paused'],
  rename: CONTAINER_STATUSES,
  // Without force, nothing that runs is lost; the runtime container is force-deleted either way
  // (a created one has a waiting init), so created is as removable as stopped.
  remove: ['created', 'stopped'],
  forceRemove: ALLOWED.forceDelete,
};

/** Whether a Berth container in this status accepts the verb. */
export function verbAllowed(verb: ContainerVerb, status: ContainerStatus): boolean {
  return VERB_ALLOWED[verb].includes(status);
}

/** The statuses from which a verb is accepted, for messages like "stop needs running or paused". */
export function statusesForVerb(verb: ContainerVerb): readonly ContainerStatus[] {
  return VERB_ALLOWED[verb];
}
