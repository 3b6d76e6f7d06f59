import { Injectable } from '@nestjs/common';
import { Models } from '@berth/db';
import { DatabaseService } from '../database/database.service.js';
import { isForeignKeyViolation } from '../database/foreign-key-violation.js';

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

  /**
   * Writes the records as one multi-row INSERT (raw SQL: Prisma's createMany costs several
   * times the CPU of the statement, and this runs for every mutating call). A record whose team or user was deleted
   * meanwhile is kept without them, as the foreign keys' ON DELETE SET NULL would have left
   * it had it been written a moment earlier (its actor text still says who).
   */
  async insertMany(entries: AuditEntry[]): Promise<void> {
    try {
      await this.insertRows(entries);
    } catch (error) {
      if (!isForeignKeyViolation(error)) throw error;
      const ids = (key: 'teamId' | 'userId') => [...new Set(entries.flatMap((entry) => (entry[key] ? [entry[key]] : [])))];
      const [teams, users] = await Promise.all([
        this.database.client.team.findMany({ where: { id: { in: ids('teamId') } }, select: { id: true } }),
        this.database.client.user.findMany({ where: { id: { in: ids('userId') } }, select: { id: true } }),
      ]);
      const team = new Set(teams.map((row) => row.id));
      const user = new Set(users.map((row) => row.id));
      await this.insertRows(
        entries.map((entry) => ({
          ...entry,
          teamId: entry.teamId && team.has(entry.teamId) ? entry.teamId : null,
          userId: entry.userId && user.has(entry.userId) ? entry.userId : null,
        })),
      );
    }
  }

  private async insertRows(entries: AuditEntry[]): Promise<void> {
    const values = entries.map(
      (entry) => Models.Prisma.sql`(${entry.teamId}::uuid, ${entry.userId}::uuid, ${entry.tokenId}::uuid, ${entry.sessionId}::uuid, ${entry.actor},
        ${entry.action}, ${entry.method}, ${entry.path}, ${entry.target}, ${entry.status}::int, ${entry.outcome}, ${entry.errorCode}, ${entry.ip},
        ${JSON.stringify(entry.details)}::jsonb, ${entry.at})`,
    );
    await this.database.client.$executeRaw`
      INSERT INTO audit_records (team_id, user_id, token_id, session_id, actor, action, method, path, target, status, outcome, error_code, ip, details, at)
      VALUES ${Models.Prisma.join(values)}`;
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
