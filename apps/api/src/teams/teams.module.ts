import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DefaultTeamService } from './default-team.service.js';
import { PrincipalGuard } from './principal.guard.js';

@Global()
@Module({
  providers: [DefaultTeamService, { provide: APP_GUARD, useClass: PrincipalGuard }],
  exports: [DefaultTeamService],
})
export class TeamsModule {}
