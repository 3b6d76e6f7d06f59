import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { isMutating } from '../auth/access-rule.js';
import type { RequestWithPrincipal } from '../auth/principal.js';
import { routeNameOf } from '../http/route-name.js';
import { AuditService } from './audit.service.js';

/**
 * Opens the audit record of every mutating call; never refuses one. It has to sit in the guard
 * phase, registered before the access guard (app.module.ts): a call the access guard refuses
 * never reaches an interceptor, and an exception filter is not told which handler the call was
 * for — so this is the last point where a refused call can still be named (`containers.start`).
 * The record is written when the response is over, with the outcome, whoever the guard found.
 */
@Injectable()
export class AuditOpening implements CanActivate {
  constructor(private readonly audit: AuditService) {}

  canActivate(context: ExecutionContext): true {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    if (isMutating(request.method)) {
      this.audit.watch(request, context.switchToHttp().getResponse<Response>(), routeNameOf(context.getClass(), context.getHandler()));
    }
    return true;
  }
}
