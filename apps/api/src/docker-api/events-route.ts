import type { BerthEvent } from '@berth/contracts';
import type { Response } from 'express';
import type { EventSink } from '../events/event-sink.js';
import type { EventsFeedService } from '../events/events-feed.service.js';
import { queryText } from './docker-query.js';
import type { DockerRoutes } from './docker-router.js';
import { JSON_STREAM } from './stream-frames.js';

/**
 * `GET /events` (`docker events`, Compose's `up` when it follows): the team's events as
 * Docker's JSON messages, one a line — the past ones when `since` is given, then live ones
 * until `until` or until the client leaves. Filters are Docker's (type, event, container,
 * image, volume), through the same feed as REST's, so both surfaces see the same events.
 */
export function eventsRoute(routes: DockerRoutes, feed: EventsFeedService): void {
  routes.add('get', '/events', 'viewer', async ({ principal, request, response }) => {
    const selection = feed.select(principal.teamId, {
      since: queryText(request, 'since'),
      until: queryText(request, 'until'),
      filters: queryText(request, 'filters'),
    });
    response.status(200).setHeader('Content-Type', JSON_STREAM);
    response.flushHeaders();
    await feed.follow(selection, jsonLinesSink(response));
  });
}

/** The feed's sink for Docker's clients: JSON lines, back-pressure through `drain`. */
function jsonLinesSink(response: Response): EventSink {
  let closed = false;
  const listeners: (() => void)[] = [];
  const close = () => {
    if (closed) return;
    closed = true;
    for (const listener of listeners.splice(0)) listener();
  };
  response.on('close', close);
  return {
    get closed() {
      return closed;
    },
    send(event) {
      if (closed) return Promise.resolve();
      if (response.write(`${JSON.stringify(dockerEvent(event))}\n`)) return Promise.resolve();
      return new Promise((resolve) => {
        response.once('drain', resolve);
        response.once('close', resolve);
      });
    },
    // Docker's stream has no place for notices (a truncated replay); its clients read events only.
    notice: () => undefined,
    end() {
      if (!closed) response.end();
      close();
    },
    onClose(listener) {
      if (closed) listener();
      else listeners.push(listener);
    },
  };
}

/** One Berth event as Docker's events message (attributes are strings in Docker's). */
export function dockerEvent(event: BerthEvent) {
  const nanos = BigInt(Date.parse(event.at)) * 1_000_000n;
  const attributes = Object.fromEntries(
    Object.entries(event.attributes).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
  );
  return {
    status: event.action,
    id: event.actorId,
    ...(typeof event.attributes['image'] === 'string' ? { from: event.attributes['image'] } : {}),
    Type: event.type,
    Action: event.action,
    Actor: { ID: event.actorId, Attributes: attributes },
    scope: 'local',
    time: Number(nanos / 1_000_000_000n),
    timeNano: Number(nanos),
  };
}
