import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { EVENTS_DEFAULT_LIMIT, EVENTS_MAX_LIMIT, type EventsQuery } from '@berth/contracts';
import { QueryBoolean } from '../http/query-boolean.js';

export class EventsQueryDto implements EventsQuery {
  @ApiPropertyOptional({ description: 'RFC 3339 or unix seconds; events at or after it.', example: '2024-05-01T12:00:00Z' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  since?: string;

  @ApiPropertyOptional({ description: 'RFC 3339 or unix seconds; events at or before it. A stream ends then.', example: '1714564800' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  until?: string;

  @ApiPropertyOptional({
    description: 'JSON, as `docker events --filter`: keys type, event, container, image, volume; values are lists (OR), keys combine with AND.',
    example: '{"type":["container"],"event":["start","die"]}',
  })
  @IsOptional()
  @IsString()
  @MaxLength(8192)
  filters?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: EVENTS_MAX_LIMIT,
    default: EVENTS_DEFAULT_LIMIT,
    description: 'The newest this many matching past events are returned (or replayed before a stream goes live).',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(EVENTS_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'Stream as Server-Sent Events (the same as `Accept: text/event-stream`).' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  follow?: boolean;
}
