import { ApiProperty } from '@nestjs/swagger';
import type { AuditOutcomeName, AuditRecordView } from '@berth/contracts';

/** One record of /api/v1/audit; implements the contract type. */
export class AuditRecordDto implements AuditRecordView {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, nullable: true }) actor!: string | null;
  @ApiProperty({ type: String, nullable: true }) userId!: string | null;
  @ApiProperty({ type: String, nullable: true }) tokenId!: string | null;
  @ApiProperty({ type: String, nullable: true }) sessionId!: string | null;
  @ApiProperty({ description: 'The route, as its OpenAPI operationId.', example: 'containers.start' }) action!: string;
  @ApiProperty({ example: 'POST' }) method!: string;
  @ApiProperty({ example: '/api/v1/containers/web/start' }) path!: string;
  @ApiProperty({ type: String, nullable: true }) target!: string | null;
  @ApiProperty({ example: 200 }) status!: number;
  @ApiProperty({ enum: ['success', 'failure', 'denied'] }) outcome!: AuditOutcomeName;
  @ApiProperty({ type: String, nullable: true }) errorCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) ip!: string | null;
}
