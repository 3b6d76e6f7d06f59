import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { CommitRequest } from '@berth/contracts';

export class CommitContainerDto implements CommitRequest {
  @ApiProperty({ example: 'myapp:snapshot' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  reference!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  message?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  pause?: boolean;
}
