import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { NETWORK_DRIVERS, NETWORK_NAME_PATTERN, type CreateNetworkRequest, type NetworkDriver } from '@berth/contracts';
import { IsStringRecord } from '../../http/is-string-record.js';

export class CreateNetworkDto implements CreateNetworkRequest {
  // The name's rule is checked by the service, so every way in answers INVALID_NETWORK_NAME.
  @ApiProperty({ pattern: NETWORK_NAME_PATTERN.source, maxLength: 128, example: 'backend' })
  @IsString()
  name!: string;

  @ApiPropertyOptional({ enum: NETWORK_DRIVERS, default: 'bridge' })
  @IsOptional()
  @IsIn(NETWORK_DRIVERS, { message: 'driver must be bridge: it is the only network driver Berth has' })
  driver?: NetworkDriver;

  @ApiPropertyOptional({ description: 'IPv4 CIDR, /30 or wider; default: the next free /24 of BERTH_NETWORK_POOL.', example: '10.90.1.0/24' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  subnet?: string;

  @ApiPropertyOptional({ description: 'No way out: containers reach each other and nothing else.' })
  @IsOptional()
  @IsBoolean()
  internal?: boolean;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsStringRecord()
  labels?: Record<string, string>;
}
