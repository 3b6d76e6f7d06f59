import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { ConnectNetworkRequest, DisconnectNetworkRequest } from '@berth/contracts';

export class ConnectNetworkDto implements ConnectNetworkRequest {
  @ApiProperty({ description: 'Container id, id prefix or name.', example: 'web' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  container!: string;

  @ApiPropertyOptional({ type: [String], description: 'More names the others on the network know it by.', example: ['api'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(32)
  @IsString({ each: true })
  aliases?: string[];
}

export class DisconnectNetworkDto implements DisconnectNetworkRequest {
  @ApiProperty({ description: 'Container id, id prefix or name.', example: 'web' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  container!: string;
}
