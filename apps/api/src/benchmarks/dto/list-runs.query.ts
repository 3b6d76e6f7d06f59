import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { SUITE_NAME } from '../suite-name.js';

export class ListRunsQuery {
  @ApiPropertyOptional({ description: 'Only runs of this suite.', example: 'start' })
  @IsOptional()
  @IsString()
  @Matches(SUITE_NAME, { message: 'suite must be a suite name such as start or api-load' })
  suite?: string;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}
