import { ApiProperty } from '@nestjs/swagger';
import { VOLUME_DRIVERS, type PruneVolumesResponse, type VolumeContainerRef, type VolumeDetail, type VolumeDriver, type VolumeSummary } from '@berth/contracts';

// Response shapes for the OpenAPI document; the service returns the contracts' plain objects.

export class VolumeSummaryDto implements VolumeSummary {
  @ApiProperty({ example: 'pgdata' }) name!: string;
  @ApiProperty({ enum: VOLUME_DRIVERS }) driver!: VolumeDriver;
  @ApiProperty({ enum: ['local'] }) scope!: 'local';
  @ApiProperty({ description: 'The host directory mounted into containers.' }) mountpoint!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) labels!: Record<string, string>;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ description: 'Containers that mount it; 0 means dangling.' }) refCount!: number;
}

export class VolumeContainerRefDto implements VolumeContainerRef {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Path inside the container.' }) destination!: string;
  @ApiProperty() readOnly!: boolean;
}

export class VolumeDetailDto extends VolumeSummaryDto implements VolumeDetail {
  @ApiProperty({ type: [VolumeContainerRefDto] }) containers!: VolumeContainerRef[];
}

export class PruneVolumesResponseDto implements PruneVolumesResponse {
  @ApiProperty({ type: [String] }) volumesDeleted!: string[];
  @ApiProperty() spaceReclaimedBytes!: number;
}
