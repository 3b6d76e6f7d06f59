import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { QueryBoolean } from '../../http/query-boolean.js';
import { QueryTime } from './query-time.js';

export class StopQuery {
  @ApiPropertyOptional({ description: 'Seconds between SIGTERM and SIGKILL.', default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3600)
  t?: number;
}

export class KillQuery {
  @ApiPropertyOptional({ default: 'SIGKILL', example: 'SIGTERM' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9+]{1,16}$/, { message: 'signal must be a signal name or number' })
  signal?: string;
}

export class WaitQuery {
  @ApiPropertyOptional({ description: 'Give up after this many seconds (408).' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(86_400)
  timeout?: number;
}

export class RemoveQuery {
  @ApiPropertyOptional({ description: 'Kill a running container first.' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  force?: boolean;
}

export class LogsQuery {
  @ApiPropertyOptional({ description: 'Keep streaming (SSE) until the container stops.' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  follow?: boolean;

  @ApiPropertyOptional({ description: 'Only the last N records.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  tail?: number;

  @ApiPropertyOptional({ description: 'RFC 3339 or unix seconds.' })
  @IsOptional()
  @QueryTime()
  @IsDate({ message: 'since must be an RFC 3339 time or unix seconds' })
  since?: Date;

  @ApiPropertyOptional({ description: 'RFC 3339 or unix seconds.' })
  @IsOptional()
  @QueryTime()
  @IsDate({ message: 'until must be an RFC 3339 time or unix seconds' })
  until?: Date;

  @ApiPropertyOptional({ description: 'Include each record’s time.' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  timestamps?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  stdout?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  stderr?: boolean;
}

export class StatsQuery {
  @ApiPropertyOptional({ description: 'Stream readings (SSE) until the client leaves or the container stops.' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  stream?: boolean;

  @ApiPropertyOptional({ description: 'Seconds between streamed readings.', default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0.2)
  @Max(3600)
  interval?: number;
}
