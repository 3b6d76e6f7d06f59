import { API_PREFIX } from '../api-paths.js';
import { EVENTS_TRUNCATED_SSE_EVENT, type BerthEvent, type EventFilters, type EventsTruncatedNotice } from '../events.js';
import { readSse } from './sse.js';
import type { HttpTransport } from './transport.js';

/** What to ask `/events` for; `filters` is sent as the JSON the API expects. */
export interface EventsRequest {
  /** RFC 3339 or unix seconds. */
  since?: string;
  until?: string;
  filters?: EventFilters;
  limit?: number;
}

export interface EventStreamOptions {
  /** Resume after this event id (what a reconnecting EventSource sends). */
  lastEventId?: string;
  signal?: AbortSignal;
  /** Called when more past events matched than `limit` and the oldest were skipped. */
  onTruncated?: (notice: EventsTruncatedNotice) => void;
}

/** /api/v1/events. */
export class EventsClient {
  constructor(private readonly http: HttpTransport) {}

  /** The newest `limit` matching events, oldest first. */
  query(request: EventsRequest = {}): Promise<BerthEvent[]> {
    return this.http.json('GET', path(), { query: toQuery(request) });
  }

  /**
   * Past events after `since` (or `lastEventId`), then live ones; the stream ends at `until`,
   * or when the caller stops iterating or aborts.
   */
  async *stream(request: EventsRequest = {}, options: EventStreamOptions = {}): AsyncGenerator<BerthEvent> {
    const response = await this.http.send('GET', path(), {
      query: { ...toQuery(request), follow: true },
      accept: 'text/event-stream',
      headers: options.lastEventId ? { 'last-event-id': options.lastEventId } : {},
      signal: options.signal,
    });
    for await (const message of readSse(response)) {
      if (message.event === EVENTS_TRUNCATED_SSE_EVENT) options.onTruncated?.(JSON.parse(message.data) as EventsTruncatedNotice);
      else yield JSON.parse(message.data) as BerthEvent;
    }
  }
}

function toQuery(request: EventsRequest) {
  const filters = request.filters && Object.keys(request.filters).length > 0 ? JSON.stringify(request.filters) : undefined;
  return { since: request.since, until: request.until, limit: request.limit, filters };
}

function path(): string {
  return `${API_PREFIX}/events`;
}
