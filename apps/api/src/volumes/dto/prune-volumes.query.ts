import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString } from 'class-validator';

export class PruneVolumesQuery {
  @ApiPropertyOptional({ type: [String], description: 'Prune only volumes with these labels: `key` or `key=value`, repeatable.' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value : [value]))
  @IsString({ each: true })
  label?: string[];
}
