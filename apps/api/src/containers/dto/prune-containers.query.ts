import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDate, IsOptional } from 'class-validator';
import { PruneQuery } from '../../http/prune-query.js';
import { QueryTime } from './query-time.js';

export class PruneContainersQuery extends PruneQuery {
  @ApiPropertyOptional({ description: 'Only containers created before this time: RFC 3339 or unix seconds.' })
  @IsOptional()
  @QueryTime()
  @IsDate({ message: 'until must be an RFC 3339 time or unix seconds' })
  until?: Date;
}
