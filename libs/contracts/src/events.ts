/** The kinds of object events are about, as `docker events --filter type=` names them. */
export const EVENT_TYPES = ['container', 'image', 'volume', 'network'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One thing that happened, persisted in order; `id` increases, so a client resumes after the last one it saw. */
export interface BerthEvent {
  id: string;
  type: EventType;
  /** create, start, die, oom, kill, stop, pause, unpause, restart, rename, update, destroy; pull, push, tag, untag, delete, import, build; … */
  action: string;
  /** The container id, image digest, volume name … */
  actorId: string;
  attributes: Record<string, unknown>;
  /** RFC 3339. */
  at: string;
}
