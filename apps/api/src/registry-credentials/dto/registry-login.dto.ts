import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RegistryCredentialScope, RegistryLoginRequest } from '@berth/contracts';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class RegistryLoginDto implements RegistryLoginRequest {
  @ApiProperty({ example: '127.0.0.1:5000', description: 'The registry host (`docker.io`, `ghcr.io`, `127.0.0.1:5000`); a URL is reduced to its host' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  registry!: string;

  @ApiProperty({ example: 'ci-bot' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  username!: string;

  @ApiProperty({ format: 'password', description: 'A password or access token: verified with the registry, stored encrypted, never returned' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(8192)
  password!: string;

  @ApiPropertyOptional({ enum: ['user', 'team'], default: 'user', description: '`user`: yours only; `team` (team admins): used for every member' })
  @IsOptional()
  @IsIn(['user', 'team'])
  scope?: RegistryCredentialScope;

  @ApiPropertyOptional({ description: 'Speak plain HTTP to this registry (loopback registries always are)', default: false })
  @IsOptional()
  @IsBoolean()
  insecure?: boolean;
}
