import { ApiProperty } from '@nestjs/swagger';
import {
  NETWORK_DRIVERS,
  type NetworkContainerRef,
  type NetworkDetail,
  type NetworkDriver,
  type NetworkSummary,
  type PruneNetworksResponse,
} from '@berth/contracts';

// Response shapes for the OpenAPI document; the service returns the contracts' plain objects.

export class NetworkSummaryDto implements NetworkSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'backend' }) name!: string;
  @ApiProperty({ enum: NETWORK_DRIVERS }) driver!: NetworkDriver;
  @ApiProperty({ description: 'The Linux bridge on the host.', example: 'berth-1a2b3c4d' }) bridge!: string;
  @ApiProperty({ example: '10.89.0.0/24' }) subnet!: string;
  @ApiProperty({ example: '10.89.0.1' }) gateway!: string;
  @ApiProperty() internal!: boolean;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) labels!: Record<string, string>;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class NetworkContainerRefDto implements NetworkContainerRef {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: '10.89.0.2' }) ip!: string;
  @ApiProperty() mac!: string;
  @ApiProperty({ type: [String] }) aliases!: string[];
}

export class NetworkDetailDto extends NetworkSummaryDto implements NetworkDetail {
  @ApiProperty({ type: [NetworkContainerRefDto] }) containers!: NetworkContainerRef[];
}

export class PruneNetworksResponseDto implements PruneNetworksResponse {
  @ApiProperty({ type: [String], description: 'Names of the removed networks.' }) networksDeleted!: string[];
}
