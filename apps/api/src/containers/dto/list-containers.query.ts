import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { QueryBoolean } from '../../http/query-boolean.js';
import { PageQuery } from '../../http/page-query.js';

const STATUSES = ['creating', 'created', 'running', 'paused', 'stopped'] as const;
const list = ({ value }: { value: unknown }) => (Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : value);

export class ListContainersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Also stopped and created ones (`docker ps -a`).' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  all?: boolean;

  @ApiPropertyOptional({ type: [String], enum: STATUSES, description: 'Comma separated or repeated.' })
  @IsOptional()
  @Transform(list)
  @IsIn(STATUSES, { each: true })
  status?: (typeof STATUSES)[number][];

  @ApiPropertyOptional({ description: 'Part of the name.' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  name?: string;

  @ApiPropertyOptional({ type: [String], description: '`key` or `key=value`; repeat for several.' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value : [value]))
  @IsString({ each: true })
  label?: string[];

  @ApiPropertyOptional({ description: 'Containers of this image.' })
  @IsOptional()
  @IsString()
  ancestor?: string;
}
