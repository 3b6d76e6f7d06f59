import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import type { AuditOutcomeName, AuditQuery } from '@berth/contracts';
import { PageQuery } from '../../http/page-query.js';

const OUTCOMES = ['success', 'failure', 'denied'] as const;

export class AuditQueryDto extends PageQuery implements AuditQuery {
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
}
