import { Injectable } from '@nestjs/common';
import type { BerthEvent, EventType } from '@berth/contracts';
import { Models } from '@berth/db';
import { DatabaseService } from '../database/database.service.js';
import { isForeignKeyViolation } from '../database/foreign-key-violation.js';
import { escapeLike } from '../database/like-pattern.js';

export interface NewEvent {
  teamId: string | null;
  type: EventType;
  action: string;
  actorId: string;
  attributes?: Record<string, unknown>;
  at?: Date;
}

export interface EventQuery {
  teamId: string;
  types?: EventType[];
  actions?: string[];
  actorIds?: string[];
  since?: Date;
  until?: Date;
  /** Only events with a larger id (resuming a stream). */
  afterId?: bigint;
  /** Container events by id prefix or `name` attribute (`docker events --filter container=`). */
  containers?: string[];
  /** Image events by digest or `name` attribute, and container events whose `image` attribute is one of these. */
  images?: string[];
  /** Volume events by name. */
  volumes?: string[];
  /** Keep the newest `limit` matches instead of the oldest (the result is oldest first either way). */
  newest?: boolean;
  limit: number;
}

type EventRow = { id: bigint; type: string; action: string; actorId: string; attributes: unknown; at: Date; teamId: string | null };

@Injectable()
export class EventsRepository {
  constructor(private readonly database: DatabaseService) {}

  /**
   * Writes the events as one multi-row INSERT and answers them with their ids, in order.
   * Raw SQL: Prisma's createManyAndReturn costs several times the CPU of the statement itself
   * (its per-row mapping), and this runs for every event. An event of a team deleted meanwhile
   * is kept with no team, as the foreign key's ON DELETE SET NULL would have left it had it
   * been written a moment earlier.
   */
  async insertMany(events: NewEvent[]): Promise<(BerthEvent & { teamId: string | null })[]> {
    try {
      return await this.insertRows(events);
    } catch (error) {
      if (!isForeignKeyViolation(error)) throw error;
      const teamIds = [...new Set(events.flatMap((event) => (event.teamId ? [event.teamId] : [])))];
      const existing = new Set((await this.database.client.team.findMany({ where: { id: { in: teamIds } }, select: { id: true } })).map((team) => team.id));
      return this.insertRows(events.map((event) => (event.teamId && !existing.has(event.teamId) ? { ...event, teamId: null } : event)));
    }
  }

  private async insertRows(events: NewEvent[]): Promise<(BerthEvent & { teamId: string | null })[]> {
    const values = events.map(
      (event) =>
        Models.Prisma
          .sql`(${event.teamId}::uuid, ${event.type}, ${event.action}, ${event.actorId}, ${JSON.stringify(event.attributes ?? {})}::jsonb, ${event.at ?? new Date()})`,
    );
    const rows = await this.database.client.$queryRaw<EventRow[]>`
      INSERT INTO events (team_id, type, action, actor_id, attributes, at) VALUES ${Models.Prisma.join(values)}
      RETURNING id, team_id AS "teamId", type, action, actor_id AS "actorId", attributes, at`;
    // Ids follow the VALUES order; sorting says so rather than trusting RETURNING's order.
    return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(toEvent);
  }

  async find(query: EventQuery): Promise<BerthEvent[]> {
    const rows = await this.database.client.event.findMany({
      where: {
        teamId: query.teamId,
        ...(query.types ? { type: { in: query.types } } : {}),
        ...(query.actorIds ? { actorId: { in: query.actorIds } } : {}),
        ...(query.since || query.until ? { at: { gte: query.since, lte: query.until } } : {}),
        ...(query.afterId !== undefined ? { id: { gt: query.afterId } } : {}),
        AND: subjectFilters(query),
      },
      orderBy: { id: query.newest ? 'desc' : 'asc' },
      take: query.limit,
    });
    if (query.newest) rows.reverse();
    return rows.map(toEvent);
  }
}

/** The container, image and volume filters; event-filters.ts applies the same rules to live events. */
function subjectFilters(query: EventQuery): Models.Prisma.EventWhereInput[] {
  const attribute = (name: string, values: string[]) => values.map((value) => ({ attributes: { path: [name], equals: value } }));
  const filters: Models.Prisma.EventWhereInput[] = [];
  if (query.actions) {
    // Docker's rule: `health_status` also selects `health_status: healthy` (an action with a detail).
    filters.push({ OR: [{ action: { in: query.actions } }, ...query.actions.map((action) => ({ action: { startsWith: `${escapeLike(action)}: ` } }))] });
  }
  if (query.containers) {
    filters.push({
      type: 'container',
      OR: [...query.containers.map((value) => ({ actorId: { startsWith: escapeLike(value) } })), ...attribute('name', query.containers)],
    });
  }
  if (query.images) {
    filters.push({
      OR: [
        { type: 'image', OR: [{ actorId: { in: query.images } }, ...attribute('name', query.images)] },
        { type: 'container', OR: attribute('image', query.images) },
      ],
    });
  }
  if (query.volumes) filters.push({ type: 'volume', actorId: { in: query.volumes } });
  return filters;
}

export function toEvent(row: EventRow): BerthEvent & { teamId: string | null } {
  return {
    id: row.id.toString(),
    teamId: row.teamId,
    type: row.type as EventType,
    action: row.action,
    actorId: row.actorId,
    attributes: (row.attributes ?? {}) as Record<string, unknown>,
    at: row.at.toISOString(),
  };
}
