import { ApiPropertyOptional } from '@nestjs/swagger';
import type { ImageListQuery } from '@berth/contracts';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../http/page-query.js';
import { QueryBoolean } from '../../http/query-boolean.js';

export class ListImagesQueryDto extends PageQuery implements ImageListQuery {
  @ApiPropertyOptional({ description: 'A name or glob, as `docker images --filter reference=`', example: 'busybox:*' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  reference?: string;

  @ApiPropertyOptional({ description: '`true`: only untagged images; `false`: only tagged ones' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  dangling?: boolean;
}
