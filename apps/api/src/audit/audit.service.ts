import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { actorOf, type RequestWithPrincipal } from '../auth/principal.js';
import { PROBLEM_CODE_LOCAL } from '../http/problem-details.filter.js';
import { auditTargetOf } from './audit-action.js';
import { AuditRepository, type AuditEntry, type AuditFilter, type AuditOutcome, type AuditRow } from './audit.repository.js';

/** Keys of `response.locals` through which the rest of the request reports to the audit record. */
export const AUDIT_LOCALS = {
  /** The id or name of what a handler made, when the URL does not name it. */
  target: 'auditTarget',
  /** Who a public call claimed to be (the username of a sign-in). */
  actor: 'auditActor',
} as const;

/**
 * One audit record per mutating call, written when the response is over — so it carries the
 * outcome, and a refused or failed call is recorded just like a successful one.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');
  /** Writes still in flight, so shutdown (and tests) can wait for them. */
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly repository: AuditRepository) {}

  watch(request: RequestWithPrincipal, response: Response, action: string): void {
    response.once('close', () => this.write(this.entryOf(request, response, action)));
  }

  /** For calls outside Nest's routing (WebSocket exec and attach). */
  record(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    return this.write({ ...entry, at: new Date() });
  }

  list(filter: AuditFilter, page: { offset: number; limit: number }): Promise<{ total: number; items: AuditRow[] }> {
    return this.repository.list(filter, page);
  }

  stream(filter: AuditFilter): AsyncGenerator<AuditRow> {
    return this.repository.stream(filter);
  }

  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private write(entry: AuditEntry): Promise<void> {
    const write = this.repository
      .insert(entry)
      .catch((error: unknown) => {
        // The call itself is over and answered; losing its record is an operator's problem, so say it loudly.
        this.logger.error(`audit record lost for ${entry.action} by ${entry.actor ?? 'anonymous'} (${entry.status}): ${String(error)}`);
      })
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
    return write;
  }

  private entryOf(request: RequestWithPrincipal, response: Response, action: string): AuditEntry {
    const principal = request.principal;
    const status = response.writableFinished ? response.statusCode : response.headersSent ? response.statusCode : 499;
    return {
      teamId: principal?.teamId ?? null,
      userId: principal?.userId ?? null,
      tokenId: principal?.tokenId ?? null,
      sessionId: principal?.sessionId ?? null,
      actor: principal ? actorOf(principal) : ((response.locals[AUDIT_LOCALS.actor] as string | undefined) ?? null),
      action,
      method: request.method,
      path: pathOf(request),
      target: auditTargetOf(request.params ?? {}, response.locals[AUDIT_LOCALS.target]),
      status,
      outcome: outcomeOf(status),
      errorCode: (response.locals[PROBLEM_CODE_LOCAL] as string | undefined) ?? null,
      ip: request.ip ?? request.socket.remoteAddress ?? null,
      details: response.writableFinished ? {} : { aborted: true },
      at: new Date(),
    };
  }
}

function pathOf(request: Request): string {
  return (request.originalUrl ?? request.url).split('?')[0]!;
}

/** Refused (401, 403), failed (other 4xx/5xx) or done. */
export function outcomeOf(status: number): AuditOutcome {
  if (status === 401 || status === 403) return 'denied';
  return status < 400 ? 'success' : 'failure';
}
