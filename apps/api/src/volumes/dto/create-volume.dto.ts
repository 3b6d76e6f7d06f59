import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { VOLUME_DRIVERS, VOLUME_NAME_PATTERN, type CreateVolumeRequest, type VolumeDriver } from '@berth/contracts';
import { IsStringRecord } from '../../http/is-string-record.js';

export class CreateVolumeDto implements CreateVolumeRequest {
  // The name's rule is checked by the service, so that every way in (this body, a path, a
  // container's mount) answers the same INVALID_VOLUME_NAME.
  @ApiPropertyOptional({
    description: 'Generated (64 hex digits) when absent. No `..` anywhere.',
    pattern: VOLUME_NAME_PATTERN.source,
    maxLength: 128,
    example: 'pgdata',
  })
  @IsOptional()
  @IsString()
  name?: string;

  @ApiPropertyOptional({ enum: VOLUME_DRIVERS, default: 'local' })
  @IsOptional()
  @IsIn(VOLUME_DRIVERS, { message: 'driver must be local: it is the only volume driver Berth has' })
  driver?: VolumeDriver;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { app: 'db' } })
  @IsOptional()
  @IsStringRecord()
  labels?: Record<string, string>;
}
