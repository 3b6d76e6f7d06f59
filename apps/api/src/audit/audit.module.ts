import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditOpening } from './audit-opening.guard.js';
import { AuditController } from './audit.controller.js';
import { AuditInterceptor } from './audit.interceptor.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

/**
 * One record per mutating call. AuditOpening is exported rather than registered here: it must
 * run before the access guard, and app.module.ts, which registers both, says that order.
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditRepository, AuditOpening, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
  exports: [AuditService, AuditOpening],
})
export class AuditModule {}
