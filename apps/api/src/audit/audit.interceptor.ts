import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { tap, type Observable } from 'rxjs';
import { AUDIT_LOCALS } from './audit.service.js';

/**
 * What a call that got past the access guard adds to its audit record: a create names its new
 * resource only in its answer (`POST /containers` → `{ id }`), so that id (or name) becomes the
 * record's target and "what" is never blank for a create. The record itself was opened by
 * AuditOpening, before the guard, so that refused calls have one too.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      tap((data: unknown) => {
        const target = targetOf(data);
        if (target !== undefined) response.locals[AUDIT_LOCALS.target] ??= target;
      }),
    );
  }
}

function targetOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  for (const key of ['id', 'name', 'Id', 'username']) if (typeof record[key] === 'string') return record[key];
  return undefined;
}
