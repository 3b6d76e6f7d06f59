import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { BuildImageQuery } from '@berth/contracts';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { QueryBoolean } from '../../http/query-boolean.js';

export class BuildImageQueryDto implements BuildImageQuery {
  @ApiProperty({ example: 'app:1' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  tag!: string;

  @ApiPropertyOptional({ default: 'Dockerfile', description: 'Path inside the build context' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  dockerfile?: string;

  @ApiPropertyOptional({ example: '{"VERSION":"1.2"}', description: 'A JSON object of strings' })
  @IsOptional()
  @IsString()
  @MaxLength(64 * 1024)
  buildArgs?: string;

  @ApiPropertyOptional({ example: '{"tier":"web"}', description: "A JSON object of strings: labels set on the built image, over the Dockerfile's LABELs" })
  @IsOptional()
  @IsString()
  @MaxLength(64 * 1024)
  labels?: string;

  @ApiPropertyOptional({ description: 'Build up to this stage (name or index)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  target?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  noCache?: boolean;
}
