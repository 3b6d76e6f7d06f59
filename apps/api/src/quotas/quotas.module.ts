import { Global, Module } from '@nestjs/common';
import { QuotasRepository } from './quotas.repository.js';
import { TeamQuotas } from './team-quotas.service.js';

/** Per-team bounds, used by containers, images and volumes. */
@Global()
@Module({ providers: [QuotasRepository, TeamQuotas], exports: [TeamQuotas] })
export class QuotasModule {}
