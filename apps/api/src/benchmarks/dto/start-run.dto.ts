import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches } from 'class-validator';
import { SUITE_NAME } from '../suite-name.js';

export class StartRunDto {
  @ApiProperty({ description: 'A suite of `GET /benchmarks/suites`.', example: 'overhead' })
  @IsString()
  @Matches(SUITE_NAME, { message: 'suite must be a suite name such as start or api-load' })
  suite!: string;

  @ApiPropertyOptional({ description: 'A few iterations only: seconds instead of minutes.', default: false })
  @IsOptional()
  @IsBoolean()
  smoke?: boolean;
}
