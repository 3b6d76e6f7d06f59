import { Injectable } from '@nestjs/common';
import type { Models } from '@berth/db';
import { DatabaseService } from '../database/database.service.js';

export interface AuditEntry {
  teamId: string | null;
  userId: string | null;
  tokenId: string | null;
  sessionId: string | null;
  actor: string | null;
  action: string;
  method: string;
  path: string;
  target: string | null;
  status: number;
  outcome: AuditOutcome;
  errorCode: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  at: Date;
}

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditFilter {
  teamId: string;
  actor?: string;
  action?: string;
  target?: string;
  outcome?: AuditOutcome;
  since?: Date;
  until?: Date;
}

export type AuditRow = AuditEntry & { id: bigint };

@Injectable()
export class AuditRepository {
  constructor(private readonly database: DatabaseService) {}

  async insert(entry: AuditEntry): Promise<void> {
    await this.database.client.auditRecord.create({ data: { ...entry, details: entry.details as Models.Prisma.InputJsonValue } });
  }

  /** Newest first. */
  async list(filter: AuditFilter, page: { offset: number; limit: number }): Promise<{ total: number; items: AuditRow[] }> {
    const where = whereOf(filter);
    const [total, rows] = await Promise.all([
      this.database.client.auditRecord.count({ where }),
      this.database.client.auditRecord.findMany({ where, orderBy: { id: 'desc' }, skip: page.offset, take: page.limit }),
    ]);
    return { total, items: rows as AuditRow[] };
  }

  /** Oldest first, in pages by id, for exports that may be larger than memory wants. */
  async *stream(filter: AuditFilter, pageSize = 500): AsyncGenerator<AuditRow> {
    let after: bigint | undefined;
    for (;;) {
      const rows = (await this.database.client.auditRecord.findMany({
        where: { ...whereOf(filter), ...(after !== undefined ? { id: { gt: after } } : {}) },
        orderBy: { id: 'asc' },
        take: pageSize,
      })) as AuditRow[];
      yield* rows;
      if (rows.length < pageSize) return;
      after = rows.at(-1)!.id;
    }
  }
}

function whereOf(filter: AuditFilter): Models.Prisma.AuditRecordWhereInput {
  return {
    teamId: filter.teamId,
    ...(filter.actor !== undefined ? { actor: filter.actor } : {}),
    // "containers" matches every containers.* action; "containers.start" just that one.
    ...(filter.action !== undefined ? { OR: [{ action: filter.action }, { action: { startsWith: `${filter.action}.` } }] } : {}),
    ...(filter.target !== undefined ? { target: filter.target } : {}),
    ...(filter.outcome !== undefined ? { outcome: filter.outcome } : {}),
    ...(filter.since || filter.until ? { at: { ...(filter.since ? { gte: filter.since } : {}), ...(filter.until ? { lte: filter.until } : {}) } } : {}),
  };
}
