import { ApiPropertyOptional } from '@nestjs/swagger';
import type { PushImageRequest } from '@berth/contracts';
import { Type } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { RegistryAuthDto } from './registry-auth.dto.js';

export class PushImageDto implements PushImageRequest {
  @ApiPropertyOptional({ example: '127.0.0.1:5000/app:1', description: 'Default: the name the image was addressed by' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  target?: string;

  @ApiPropertyOptional({
    type: RegistryAuthDto,
    description: "Default: your stored login for the registry, else your team's (POST /registry-credentials), else anonymous",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => RegistryAuthDto)
  auth?: RegistryAuthDto;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  insecure?: boolean;
}
