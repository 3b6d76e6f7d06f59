import { Injectable } from '@nestjs/common';
import type { BerthEvent, EventType } from '@berth/contracts';
import { DatabaseService } from '../database/database.service.js';

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
  limit: number;
}

type EventRow = { id: bigint; type: string; action: string; actorId: string; attributes: unknown; at: Date; teamId: string | null };

@Injectable()
export class EventsRepository {
  constructor(private readonly database: DatabaseService) {}

  async insert(event: NewEvent): Promise<BerthEvent & { teamId: string | null }> {
    const row = await this.database.client.event.create({
      data: {
        teamId: event.teamId,
        type: event.type,
        action: event.action,
        actorId: event.actorId,
        attributes: (event.attributes ?? {}) as object,
        at: event.at,
      },
    });
    return toEvent(row);
  }

  async find(query: EventQuery): Promise<BerthEvent[]> {
    const rows = await this.database.client.event.findMany({
      where: {
        teamId: query.teamId,
        ...(query.types ? { type: { in: query.types } } : {}),
        ...(query.actions ? { action: { in: query.actions } } : {}),
        ...(query.actorIds ? { actorId: { in: query.actorIds } } : {}),
        ...(query.since || query.until ? { at: { gte: query.since, lte: query.until } } : {}),
        ...(query.afterId !== undefined ? { id: { gt: query.afterId } } : {}),
      },
      orderBy: { id: 'asc' },
      take: query.limit,
    });
    return rows.map(toEvent);
  }
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
