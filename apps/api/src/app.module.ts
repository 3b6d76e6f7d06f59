import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, RouterModule } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONTEXT, type AppContext } from './app-context.js';
import { AccessGuard } from './access/access.guard.js';
import { AccessModule } from './access/access.module.js';
import { AuditOpening } from './audit/audit-opening.guard.js';
import { AuditModule } from './audit/audit.module.js';
import { BenchmarksModule } from './benchmarks/benchmarks.module.js';
import { ContainersModule } from './containers/containers.module.js';
import { DockerApiModule } from './docker-api/docker-api.module.js';
import { DatabaseModule } from './database/database.module.js';
import { EngineModule } from './engine/engine.module.js';
import { QuotasModule } from './quotas/quotas.module.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { requestLoggerOptions } from './http/request-logger.js';
import { createValidationPipe } from './http/validation-pipe.js';
import { NulCharacterPipe } from './http/nul-character-pipe.js';
import { ImagesModule } from './images/images.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { NetworksModule } from './networks/networks.module.js';
import { RegistryCredentialsModule } from './registry-credentials/registry-credentials.module.js';
import { SystemModule } from './system/system.module.js';
import { TeamsModule } from './teams/teams.module.js';
import { TokensModule } from './tokens/tokens.module.js';
import { VolumesModule } from './volumes/volumes.module.js';

/** The features under /api/v1; each is a module with its own controller, service and repository. */
const API_V1_MODULES = [
  AccessModule,
  TeamsModule,
  TokensModule,
  AuditModule,
  SystemModule,
  ImagesModule,
  RegistryCredentialsModule,
  ContainersModule,
  VolumesModule,
  NetworksModule,
  EventsModule,
  BenchmarksModule,
];

@Module({})
export class AppModule {
  static forRoot(context: AppContext): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(requestLoggerOptions(context.config.logLevel)),
        { module: class AppContextModule {}, global: true, providers: [{ provide: APP_CONTEXT, useValue: context }], exports: [APP_CONTEXT] },
        DatabaseModule,
        EngineModule,
        QuotasModule,
        HealthModule,
        // At the root like /healthz; its middleware times every request.
        MetricsModule,
        ...API_V1_MODULES,
        // Its own listeners (a unix socket, optionally TCP), not under /api/v1.
        DockerApiModule,
        RouterModule.register([{ path: 'api/v1', children: API_V1_MODULES }]),
      ],
      providers: [
        // Guards run in this order: the audit opens its record first, so that a call the
        // access guard refuses is recorded too; then the access guard decides.
        { provide: APP_GUARD, useExisting: AuditOpening },
        { provide: APP_GUARD, useExisting: AccessGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        // Before validation, so that no NUL reaches a class-validator rule or the database.
        { provide: APP_PIPE, useClass: NulCharacterPipe },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
