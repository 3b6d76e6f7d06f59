import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { AuditOutcomeName, AuditQuery } from '@berth/contracts';

const OUTCOMES = ['success', 'failure', 'denied'] as const;

export class AuditQueryDto implements AuditQuery {
  @ApiPropertyOptional({ description: 'A username, or "token <name>".' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  actor?: string;

  @ApiPropertyOptional({ description: 'A route name ("containers.start") or a feature ("containers").', example: 'containers' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  action?: string;

  @ApiPropertyOptional({ description: 'The id or name acted on.' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  target?: string;

  @ApiPropertyOptional({ enum: OUTCOMES })
  @IsOptional()
  @IsIn(OUTCOMES)
  outcome?: AuditOutcomeName;

  @ApiPropertyOptional({ description: 'ISO 8601 time; records at or after it.' })
  @IsOptional()
  @IsISO8601()
  since?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 time; records at or before it.' })
  @IsOptional()
  @IsISO8601()
  until?: string;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
