import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequiresRole } from '../auth/access-rule.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { ApiProblems } from '../http/openapi/api-problems.js';
import { acceptsEventStream } from '../http/sse-writer.js';
import { BerthEventDto } from './event.dto.js';
import { EventsFeedService } from './events-feed.service.js';
import { EventsQueryDto } from './events.query.js';
import { SseSink } from './sse-sink.js';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly feed: EventsFeedService) {}

  /** One route, two answers: JSON, or a Server-Sent Events stream when the client asks for one. */
  @Get()
  @RequiresRole('viewer')
  @ApiProduces('application/json', 'text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'On a stream: replay only events after this id (EventSource sends it when reconnecting).' })
  @ApiOkResponse({
    type: [BerthEventDto],
    description:
      'JSON: the newest `limit` matching events, oldest first. Stream (`Accept: text/event-stream` or `follow=true`): past events after `since` / Last-Event-ID, then live ones; ' +
      'each message has `id:` the event id, `event:` its type and `data:` the event; a comment every 15 s keeps it open.',
  })
  @ApiProblems({ 400: 'INVALID_EVENT_TIME, INVALID_EVENT_FILTERS, INVALID_LAST_EVENT_ID or VALIDATION_FAILED.' })
  async find(
    @CurrentPrincipal() principal: Principal,
    @Query() query: EventsQueryDto,
    @Headers('accept') accept: string | undefined,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const selection = this.feed.select(principal.teamId, query, lastEventId);
    if (query.follow ?? acceptsEventStream(accept)) return this.feed.follow(selection, new SseSink(response));
    response.json(await this.feed.history(selection));
  }
}
