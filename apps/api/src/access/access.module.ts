import { Global, Module } from '@nestjs/common';
import { TokensModule } from '../tokens/tokens.module.js';
import { AccessGuard } from './access.guard.js';
import { AccessRepository } from './access.repository.js';
import { AuthController } from './auth.controller.js';
import { Authenticator } from './authenticator.service.js';
import { BootstrapAdminService } from './bootstrap-admin.service.js';
import { HostAccessService } from './host-access/host-access.service.js';
import { LoginAttemptsRepository } from './login-attempts.repository.js';
import { LoginThrottle } from './login-throttle.service.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';

/**
 * Who is calling and what they may do: sign-in, sessions, token checks, the guard on every
 * route (registered by app.module.ts, after the audit's opening) and the host-access policy.
 */
@Global()
@Module({
  imports: [TokensModule],
  controllers: [AuthController],
  providers: [
    AccessRepository,
    Authenticator,
    LoginAttemptsRepository,
    LoginThrottle,
    SessionsRepository,
    SessionsService,
    BootstrapAdminService,
    HostAccessService,
    AccessGuard,
  ],
  exports: [Authenticator, HostAccessService, AccessGuard],
})
export class AccessModule {}
