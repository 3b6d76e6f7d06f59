import { ApiProperty } from '@nestjs/swagger';
import type { TagImageRequest } from '@berth/contracts';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class TagImageDto implements TagImageRequest {
  @ApiProperty({ example: 'app:1' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  reference!: string;
}
