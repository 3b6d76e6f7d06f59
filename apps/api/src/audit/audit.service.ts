import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { actorOf, type RequestWithPrincipal } from '../auth/principal.js';
import { DatabaseService } from '../database/database.service.js';
import { WriteBehind } from '../database/write-behind.js';
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
 * One audit record per mutating call, made when the response is over — so it carries the
 * outcome, and a refused or failed call is recorded just like a successful one. Records are
 * written behind the calls, many per insert (write-behind.ts says why), and what is queued at
 * a clean stop is written before the database closes. Readers (`list`, `stream`) see every
 * record made before their read.
 */
@Injectable()
export class AuditService {
  private readonly queue: WriteBehind<AuditEntry>;

  constructor(
    private readonly repository: AuditRepository,
    database: DatabaseService,
  ) {
    this.queue = new WriteBehind<AuditEntry>({ what: 'audit record', logger: new Logger('Audit'), write: (batch) => repository.insertMany(batch) });
    database.beforeDisconnect(() => this.queue.close());
  }

  watch(request: RequestWithPrincipal, response: Response, action: string): void {
    response.once('close', () => this.queue.push(this.entryOf(request, response, action)));
  }

  /** For calls outside Nest's routing (WebSocket exec and attach). */
  record(entry: Omit<AuditEntry, 'at'>): void {
    this.queue.push({ ...entry, at: new Date() });
  }

  async list(filter: AuditFilter, page: { offset: number; limit: number }): Promise<{ total: number; items: AuditRow[] }> {
    await this.queue.written();
    return this.repository.list(filter, page);
  }

  async *stream(filter: AuditFilter): AsyncGenerator<AuditRow> {
    await this.queue.written();
    yield* this.repository.stream(filter);
  }

  /** Resolves once every record made before the call is written (tests). */
  settled(): Promise<void> {
    return this.queue.written();
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
