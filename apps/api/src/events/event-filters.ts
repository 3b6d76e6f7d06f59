import { HttpStatus } from '@nestjs/common';
import { EVENT_FILTER_KEYS, EVENT_TYPES, type BerthEvent, type EventFilterKey, type EventType } from '@berth/contracts';
import { ProblemException } from '../http/problem.js';

/** Parsed `filters`: a key is absent when the caller did not filter on it. */
export interface EventFilterSet {
  types?: EventType[];
  actions?: string[];
  containers?: string[];
  images?: string[];
  volumes?: string[];
}

const MAX_VALUES = 100;

/**
 * Docker's `filters` parameter: JSON mapping each key to a list of values
 * (`{"type":["container"],"event":["start","die"]}`), or to an object of `value: true` as
 * older clients send it. Unknown keys, unknown types and malformed JSON are 400s.
 */
export function parseEventFilters(text: string | undefined): EventFilterSet {
  if (text === undefined || text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid(`filters is not JSON: send an object such as {"type":["container"],"event":["start"]}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw invalid('filters must be a JSON object of lists, such as {"type":["container"]}');
  const values: Partial<Record<EventFilterKey, string[]>> = {};
  for (const [key, raw] of Object.entries(parsed)) {
    if (!(EVENT_FILTER_KEYS as readonly string[]).includes(key))
      throw invalid(`filters: unknown key ${JSON.stringify(key)}; use ${EVENT_FILTER_KEYS.join(', ')}`);
    const list = Array.isArray(raw)
      ? raw
      : typeof raw === 'object' && raw !== null
        ? Object.keys(raw).filter((value) => (raw as Record<string, unknown>)[value] === true)
        : undefined;
    if (!list || !list.every((value): value is string => typeof value === 'string') || list.length > MAX_VALUES) {
      throw invalid(`filters.${key} must be a list of at most ${MAX_VALUES} strings`);
    }
    if (list.length > 0) values[key as EventFilterKey] = [...new Set(list)];
  }
  const unknownType = values.type?.find((type) => !(EVENT_TYPES as readonly string[]).includes(type));
  if (unknownType !== undefined) throw invalid(`filters.type: unknown type ${JSON.stringify(unknownType)}; use ${EVENT_TYPES.join(', ')}`);
  return { types: values.type as EventType[] | undefined, actions: values.event, containers: values.container, images: values.image, volumes: values.volume };
}

/**
 * Whether a live event passes the filters; the same rules as the repository's query, so
 * the replay and the live part of a stream agree. Keys combine with AND, values with OR.
 */
export function matchesEventFilters(event: BerthEvent, filters: EventFilterSet): boolean {
  const attribute = (name: string) => (typeof event.attributes[name] === 'string' ? (event.attributes[name] as string) : undefined);
  if (filters.types && !filters.types.includes(event.type)) return false;
  // Docker's rule: `health_status` also selects `health_status: healthy` (an action with a detail).
  if (filters.actions && !filters.actions.some((action) => event.action === action || event.action.startsWith(`${action}: `))) return false;
  if (filters.containers) {
    const name = attribute('name');
    if (event.type !== 'container' || !filters.containers.some((value) => event.actorId.startsWith(value) || value === name)) return false;
  }
  if (filters.images) {
    const candidates = event.type === 'image' ? [event.actorId, attribute('name')] : event.type === 'container' ? [attribute('image')] : [];
    if (!candidates.some((candidate) => candidate !== undefined && filters.images!.includes(candidate))) return false;
  }
  if (filters.volumes && (event.type !== 'volume' || !filters.volumes.includes(event.actorId))) return false;
  return true;
}

function invalid(detail: string): ProblemException {
  return new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_EVENT_FILTERS', detail, [{ field: 'filters', message: detail }]);
}
