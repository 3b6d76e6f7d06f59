import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString } from 'class-validator';

/** What every `prune` takes, as `docker … prune --filter label=` does. */
export class PruneQuery {
  @ApiPropertyOptional({ type: [String], description: 'Prune only what has these labels: `key` or `key=value`, repeatable.' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value : [value]))
  @IsString({ each: true })
  label?: string[];
}
