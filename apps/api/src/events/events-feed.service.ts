import { type BeforeApplicationShutdown, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { EVENTS_DEFAULT_LIMIT, EVENTS_TRUNCATED_SSE_EVENT, type BerthEvent, type EventsQuery, type EventsTruncatedNotice } from '@berth/contracts';
import { ProblemException } from '../http/problem.js';
import { matchesEventFilters, parseEventFilters, type EventFilterSet } from './event-filters.js';
import type { EventSink } from './event-sink.js';
import { parseEventTime } from './event-time.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';

/** What one caller asked to see: a team's events, filtered, in a window of time and ids. */
export interface EventSelection {
  teamId: string;
  filters: EventFilterSet;
  since?: Date;
  until?: Date;
  /** From the SSE Last-Event-ID header: only events after it. */
  afterId?: bigint;
  limit: number;
}

/**
 * Live events that arrive while a stream replays the past wait here. The replay is one
 * bounded query, so this is plenty; a stream that overflows it is ended, and the client's
 * reconnect (with Last-Event-ID) replays what it missed.
 */
const MAX_BUFFERED_LIVE_EVENTS = 10_000;

const MAX_EVENT_ID = 2n ** 63n - 1n;

/**
 * `GET /api/v1/events`: past events of the caller's team from the table, and a followed feed
 * that replays the past and then goes live without a gap or a duplicate. Ids decide: the
 * live part starts after the last replayed id, and events are written (and so numbered)
 * before they are published.
 */
@Injectable()
export class EventsFeedService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('EventsFeed');
  private readonly open = new Set<EventSink>();

  constructor(
    private readonly repository: EventsRepository,
    private readonly events: EventsService,
  ) {}

  /** Streams being served now (a gauge on /metrics; a leak shows here). */
  get openStreams(): number {
    return this.open.size;
  }

  /** The query and the Last-Event-ID header, checked; a 400 names what is wrong. */
  select(teamId: string, query: EventsQuery, lastEventId?: string): EventSelection {
    const since = query.since !== undefined ? parseEventTime('since', query.since) : undefined;
    const until = query.until !== undefined ? parseEventTime('until', query.until) : undefined;
    if (since && until && since > until) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'INVALID_EVENT_TIME',
        `since (${since.toISOString()}) is after until (${until.toISOString()}); swap them`,
      );
    }
    let afterId: bigint | undefined;
    if (lastEventId !== undefined && lastEventId.trim() !== '') {
      // Ids are PostgreSQL bigints: anything past 2^63 - 1 was never sent.
      if (!/^\d{1,19}$/.test(lastEventId.trim()) || BigInt(lastEventId.trim()) > MAX_EVENT_ID) {
        throw new ProblemException(
          HttpStatus.BAD_REQUEST,
          'INVALID_LAST_EVENT_ID',
          `Last-Event-ID ${JSON.stringify(lastEventId)} is not an event id; send the id of the last event received`,
        );
      }
      afterId = BigInt(lastEventId.trim());
    }
    return { teamId, filters: parseEventFilters(query.filters), since, until, afterId, limit: query.limit ?? EVENTS_DEFAULT_LIMIT };
  }

  /** The newest `limit` matching events, oldest first. */
  async history(selection: EventSelection): Promise<BerthEvent[]> {
    // Events are written behind the requests that made them: what was recorded before this read is in it.
    await this.events.drain();
    return (await this.repository.find(this.query(selection, selection.limit))).map(publicEvent);
  }

  /**
   * Replays the matching past events (only when the caller gave `since` or Last-Event-ID, as
   * `docker events` shows only new events otherwise), then live ones until `until` or until
   * the sink closes. Resolves once the replay is sent; the live part runs on.
   */
  async follow(selection: EventSelection, sink: EventSink): Promise<void> {
    this.open.add(sink);
    let replaying = true;
    let overflowed = false;
    let lastId = selection.afterId;
    const buffered: BerthEvent[] = [];
    let untilTimer: NodeJS.Timeout | undefined;

    const deliver = (event: BerthEvent): void => {
      const id = BigInt(event.id);
      if (lastId !== undefined && id <= lastId) return;
      lastId = id;
      void sink.send(event);
    };
    const subscription = this.events.stream().subscribe({
      next: (event) => {
        if (event.teamId !== selection.teamId || !this.inWindow(event, selection) || !matchesEventFilters(event, selection.filters)) return;
        const visible = publicEvent(event);
        if (!replaying) deliver(visible);
        else if (buffered.length < MAX_BUFFERED_LIVE_EVENTS) buffered.push(visible);
        else overflowed = true;
      },
      complete: () => sink.end('the server is shutting down'),
    });
    sink.onClose(() => {
      subscription.unsubscribe();
      clearTimeout(untilTimer);
      this.open.delete(sink);
    });

    try {
      if (selection.since !== undefined || selection.afterId !== undefined) {
        // Written behind their requests: wait for those recorded so far (later ones arrive live, deduplicated by id).
        await this.events.drain();
        // One more than the limit tells whether older matches were skipped.
        const past = await this.repository.find(this.query(selection, selection.limit + 1));
        if (past.length > selection.limit) {
          past.shift();
          sink.notice(EVENTS_TRUNCATED_SSE_EVENT, { limit: selection.limit, firstId: past[0]!.id } satisfies EventsTruncatedNotice);
        }
        for (const event of past) {
          if (sink.closed) return;
          lastId = BigInt(event.id);
          await sink.send(publicEvent(event));
        }
      }
      if (overflowed) return sink.end('more events arrived during the replay than could be held; reconnect with Last-Event-ID to continue');
      const untilMs = selection.until ? selection.until.getTime() - Date.now() : undefined;
      if (untilMs !== undefined && untilMs <= 0) return sink.end();
      replaying = false;
      for (const event of buffered.splice(0)) deliver(event);
      if (untilMs !== undefined) untilTimer = setTimeout(() => sink.end(), untilMs);
    } catch (error) {
      // The stream has begun: there is no status left to answer with, only the log.
      this.logger.error(`event replay failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      sink.end('the server could not read past events; reconnect to try again');
    }
  }

  /** Open streams would keep the HTTP server from closing. */
  beforeApplicationShutdown(): void {
    for (const sink of [...this.open]) sink.end('the server is shutting down');
  }

  private query(selection: EventSelection, limit: number) {
    const { filters } = selection;
    return {
      teamId: selection.teamId,
      types: filters.types,
      actions: filters.actions,
      containers: filters.containers,
      images: filters.images,
      volumes: filters.volumes,
      since: selection.since,
      until: selection.until,
      afterId: selection.afterId,
      newest: true,
      limit,
    };
  }

  private inWindow(event: BerthEvent, selection: EventSelection): boolean {
    const at = new Date(event.at);
    return (!selection.since || at >= selection.since) && (!selection.until || at <= selection.until);
  }
}

/** Events as clients see them: without the owning team, which is always their own. */
function publicEvent(event: BerthEvent & { teamId?: string | null }): BerthEvent {
  return { id: event.id, type: event.type, action: event.action, actorId: event.actorId, attributes: event.attributes, at: event.at };
}
