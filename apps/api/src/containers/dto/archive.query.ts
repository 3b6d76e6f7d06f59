import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { QueryBoolean } from '../../http/query-boolean.js';

export class ArchivePathQuery {
  @ApiProperty({ description: 'The path inside the container; links are followed inside it, never out.', example: '/etc/hostname' })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  path!: string;
}

export class ExtractArchiveQuery extends ArchivePathQuery {
  @ApiPropertyOptional({ description: 'Refuse (409 WOULD_REPLACE) to replace a directory with a non-directory or the other way round.' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  noOverwriteDirNonDir?: boolean;

  @ApiPropertyOptional({ description: "Keep the archive's owners (docker cp -a); by default files belong to root." })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  copyUIDGID?: boolean;
}
