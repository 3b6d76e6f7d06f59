import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { ExecRequest } from '@berth/contracts';

export class ExecDto implements ExecRequest {
  @ApiProperty({ type: [String], example: ['ps'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4096)
  @IsString({ each: true })
  cmd!: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Matches(/^[^=\0]+(=.*)?$/s, { each: true, message: 'each env entry must be KEY=value' })
  env?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^\//, { message: 'workingDir must be an absolute path' })
  workingDir?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(256)
  user?: string;
}
