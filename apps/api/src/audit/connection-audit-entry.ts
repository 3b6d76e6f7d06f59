import type { IncomingMessage } from 'node:http';
import { actorOf, type Principal } from '../auth/principal.js';
import type { AuditEntry } from './audit.repository.js';
import { outcomeOf } from './audit.service.js';

/** What one upgraded connection (a WebSocket, a hijacked Docker stream) is audited as. */
export interface ConnectionAudit {
  request: IncomingMessage;
  /** Unknown when the caller was refused before being identified. */
  principal: Principal | undefined;
  action: string;
  target: string;
  /** 101 once the connection is upgraded, else the refusal's status. */
  status: number;
  errorCode: string | null;
  details?: Record<string, unknown>;
}

/**
 * The audit record of a connection that leaves HTTP: one per connection, written at the
 * upgrade or at the refusal — as a mutating REST call's record, but built outside Nest's
 * request cycle, which such a connection never finishes.
 */
export function connectionAuditEntry(audit: ConnectionAudit): Omit<AuditEntry, 'at'> {
  const { request, principal, status } = audit;
  return {
    teamId: principal?.teamId ?? null,
    userId: principal?.userId ?? null,
    tokenId: principal?.tokenId ?? null,
    sessionId: principal?.sessionId ?? null,
    actor: principal ? actorOf(principal) : null,
    action: audit.action,
    method: request.method ?? 'GET',
    path: (request.url ?? '').split('?')[0]!,
    target: audit.target,
    status,
    outcome: outcomeOf(status),
    errorCode: audit.errorCode,
    ip: request.socket.remoteAddress ?? null,
    details: audit.details ?? {},
  };
}
