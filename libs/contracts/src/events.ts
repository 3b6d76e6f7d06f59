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

/**
 * The filter keys of `GET /api/v1/events`, as `docker events --filter` has them. Values of
 * one key are alternatives (OR); different keys must all match (AND).
 * - `type`: container, image, volume, network
 * - `event`: the action (start, die, create …); a name alone also selects its actions with a
 *   detail, as Docker's does (`health_status` selects `health_status: healthy`)
 * - `container`: container events by id (or id prefix) or name
 * - `image`: image events by digest or name, and container events of that image
 * - `volume`: volume events by name
 */
export const EVENT_FILTER_KEYS = ['type', 'event', 'container', 'image', 'volume'] as const;
export type EventFilterKey = (typeof EVENT_FILTER_KEYS)[number];
export type EventFilters = Partial<Record<EventFilterKey, string[]>>;

/** Events one query may return, and how many a stream replays before it goes live. */
export const EVENTS_DEFAULT_LIMIT = 1000;
export const EVENTS_MAX_LIMIT = 10_000;

/**
 * Query of `GET /api/v1/events`. Times are RFC 3339 or unix seconds (fractions allowed).
 * As JSON the answer is the newest `limit` matching events, oldest first. As a stream
 * (`Accept: text/event-stream` or `follow=true`) the matching events after `since` (and
 * after the `Last-Event-ID` header) come first, then live ones until `until`.
 */
export interface EventsQuery {
  since?: string;
  until?: string;
  /** JSON of EventFilters, e.g. `{"type":["container"],"event":["start"]}`. */
  filters?: string;
  limit?: number;
  follow?: boolean;
}

/**
 * Sent on a stream, as an SSE message of this name, before the replay when more past events
 * matched than `limit`: the oldest of them were skipped.
 */
export const EVENTS_TRUNCATED_SSE_EVENT = 'truncated';

export interface EventsTruncatedNotice {
  limit: number;
  /** The id of the first replayed event; older matching events were not sent. */
  firstId: string;
}
