import { Global, Module } from '@nestjs/common';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';

/** Global: every feature records events; the events controller (SSE, queries) is registered under /api/v1. */
@Global()
@Module({ providers: [EventsRepository, EventsService], exports: [EventsService, EventsRepository] })
export class EventsModule {}
