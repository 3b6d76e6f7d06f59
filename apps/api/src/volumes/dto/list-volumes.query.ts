import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import type { VolumeListQuery } from '@berth/contracts';
import { PageQuery } from '../../http/page-query.js';
import { QueryBoolean } from '../../http/query-boolean.js';

export class ListVolumesQuery extends PageQuery implements VolumeListQuery {
  @ApiPropertyOptional({ description: 'Part of the name.' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  name?: string;

  @ApiPropertyOptional({ type: [String], description: '`key` or `key=value`; repeat for several (all must match).' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value : [value]))
  @IsString({ each: true })
  label?: string[];

  @ApiPropertyOptional({ description: 'true: only volumes no container mounts; false: only mounted ones.' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  dangling?: boolean;
}
