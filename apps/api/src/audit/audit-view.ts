import type { AuditRecordView } from '@berth/contracts';
import type { AuditFilter, AuditRow } from './audit.repository.js';
import type { AuditQueryDto } from './dto/audit-query.dto.js';

export function auditViewOf(row: AuditRow): AuditRecordView {
  return {
    id: row.id.toString(),
    at: row.at.toISOString(),
    actor: row.actor,
    userId: row.userId,
    tokenId: row.tokenId,
    sessionId: row.sessionId,
    action: row.action,
    method: row.method,
    path: row.path,
    target: row.target,
    status: row.status,
    outcome: row.outcome,
    errorCode: row.errorCode,
    ip: row.ip,
  };
}

export function auditFilterOf(teamId: string, query: AuditQueryDto): AuditFilter {
  return {
    teamId,
    actor: query.actor,
    action: query.action,
    target: query.target,
    outcome: query.outcome,
    since: query.since ? new Date(query.since) : undefined,
    until: query.until ? new Date(query.until) : undefined,
  };
}
