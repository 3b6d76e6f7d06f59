import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { QueryBoolean } from '../../http/query-boolean.js';

export class DeleteImageQueryDto {
  @ApiPropertyOptional({
    description: 'Remove every tag of an image addressed by id, and untag an image containers use (it stays, untagged, while they exist)',
    default: false,
  })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  force?: boolean;
}
