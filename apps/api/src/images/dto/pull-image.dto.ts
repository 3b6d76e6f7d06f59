import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PullImageRequest } from '@berth/contracts';
import { Type } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { RegistryAuthDto } from './registry-auth.dto.js';

export class PullImageDto implements PullImageRequest {
  @ApiProperty({ example: '127.0.0.1:5000/app:1' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  reference!: string;

  @ApiPropertyOptional({ example: 'linux/arm64', description: "os/architecture[/variant]; default the host's" })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  platform?: string;

  @ApiPropertyOptional({
    type: RegistryAuthDto,
    description: "Default: your stored login for the registry, else your team's (POST /registry-credentials), else anonymous",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => RegistryAuthDto)
  auth?: RegistryAuthDto;

  @ApiPropertyOptional({ description: 'Speak plain HTTP to this registry (loopback registries always are)', default: false })
  @IsOptional()
  @IsBoolean()
  insecure?: boolean;
}
