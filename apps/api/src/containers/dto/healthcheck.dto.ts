import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import {
  HEALTH_OUTPUT_LIMIT,
  HEALTH_STATUSES,
  HEALTHCHECK_MAX_DURATION_MS,
  type ContainerHealth,
  type HealthcheckRequest,
  type HealthLogEntry,
  type HealthStatus,
} from '@berth/contracts';

/**
 * The create option `healthcheck`. The field types are checked here; what a test must look
 * like and the duration ranges are `healthcheckProblem`'s (shared with the Docker API, which
 * reaches the use case without this DTO's messages), refused there as INVALID_HEALTHCHECK.
 */
export class HealthcheckDto implements HealthcheckRequest {
  @ApiPropertyOptional({
    type: [String],
    example: ['CMD-SHELL', 'wget -q -O /dev/null http://localhost/ || exit 1'],
    description: '`["CMD", prog, …]`, `["CMD-SHELL", "command"]` or `["NONE"]` (disables the image\'s check); left out: the image\'s.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4096)
  @IsString({ each: true })
  test?: string[];

  @ApiPropertyOptional({ minimum: 0, maximum: HEALTHCHECK_MAX_DURATION_MS, description: "Between probes; 0 = the image's, else 30000." })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(HEALTHCHECK_MAX_DURATION_MS)
  intervalMs?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: HEALTHCHECK_MAX_DURATION_MS, description: "A longer probe is killed and fails; 0 = the image's, else 30000." })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(HEALTHCHECK_MAX_DURATION_MS)
  timeoutMs?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1000, description: "Consecutive failures that make it unhealthy; 0 = the image's, else 3." })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  retries?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: HEALTHCHECK_MAX_DURATION_MS,
    description: "Failures in this time after the start do not count; 0 = the image's, else 0.",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(HEALTHCHECK_MAX_DURATION_MS)
  startPeriodMs?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: HEALTHCHECK_MAX_DURATION_MS, description: "The interval during the start period; 0 = the image's, else 5000." })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(HEALTHCHECK_MAX_DURATION_MS)
  startIntervalMs?: number;
}

class HealthLogEntryDto implements HealthLogEntry {
  @ApiProperty({ format: 'date-time' }) start!: string;
  @ApiProperty({ format: 'date-time' }) end!: string;
  @ApiProperty({ description: '0 healthy; -1 when the probe could not run or exceeded its timeout.' }) exitCode!: number;
  @ApiProperty({ description: `stdout and stderr, at most ${HEALTH_OUTPUT_LIMIT} bytes.` }) output!: string;
}

/** A container's healthcheck state, as the health monitor last wrote it. */
export class ContainerHealthDto implements ContainerHealth {
  @ApiProperty({ enum: HEALTH_STATUSES }) status!: HealthStatus;
  @ApiProperty() failingStreak!: number;
  @ApiProperty({ type: [HealthLogEntryDto], description: 'The last results, oldest first.' }) log!: HealthLogEntryDto[];
}
