import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { QueryBoolean } from '../../http/query-boolean.js';

export class RemoveVolumeQuery {
  @ApiPropertyOptional({ description: 'A missing volume is no error. A volume in use is still refused (409 VOLUME_IN_USE).' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  force?: boolean;
}
