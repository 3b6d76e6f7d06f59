import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { HealthResponse, ReadinessCheck, ReadinessResponse } from '@berth/contracts';

/** The probes' answers as OpenAPI schemas; each implements its contract type. */

export class HealthResponseDto implements HealthResponse {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
  @ApiProperty() version!: string;
  @ApiProperty() uptimeSeconds!: number;
}

class ReadinessCheckDto implements ReadinessCheck {
  @ApiProperty({ enum: ['database', 'migrations'] }) name!: 'database' | 'migrations';
  @ApiProperty() ok!: boolean;
  @ApiPropertyOptional() detail?: string;
}

export class ReadinessResponseDto implements ReadinessResponse {
  @ApiProperty({ enum: ['ready', 'not-ready'] }) status!: 'ready' | 'not-ready';
  @ApiProperty({ type: [ReadinessCheckDto] }) checks!: ReadinessCheckDto[];
}
