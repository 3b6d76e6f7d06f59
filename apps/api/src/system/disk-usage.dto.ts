import { ApiProperty } from '@nestjs/swagger';
import { CONTAINER_STATUSES, type ContainerStatus } from '@berth/runtime/model';
import type { ContainerDiskUsage, DiskUsage, DiskUsageTotals, ImageDiskUsage, VolumeDiskUsage } from '@berth/contracts';

// Response shapes for the OpenAPI document; the service returns the contracts' plain objects.

class DiskUsageTotalsDto implements DiskUsageTotals {
  @ApiProperty() count!: number;
  @ApiProperty({ description: 'Images with containers, running or paused containers, mounted volumes.' }) active!: number;
  @ApiProperty() totalBytes!: number;
  @ApiProperty({ description: 'What removing the unused ones would free.' }) reclaimableBytes!: number;
  @ApiProperty({ description: 'A directory walk stopped at its bound; sizes are lower bounds.' }) truncated!: boolean;
}

export class ImageDiskUsageDto implements ImageDiskUsage {
  @ApiProperty() id!: string;
  @ApiProperty() digest!: string;
  @ApiProperty({ type: [String] }) repoTags!: string[];
  @ApiProperty() sizeBytes!: number;
  @ApiProperty() containers!: number;
}

export class ContainerDiskUsageDto implements ContainerDiskUsage {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CONTAINER_STATUSES }) status!: ContainerStatus;
  @ApiProperty({ description: 'The writable layer.' }) sizeBytes!: number;
}

export class VolumeDiskUsageDto implements VolumeDiskUsage {
  @ApiProperty() name!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty() refCount!: number;
}

class ImagesDiskUsageDto extends DiskUsageTotalsDto {
  @ApiProperty({ type: [ImageDiskUsageDto] }) items!: ImageDiskUsageDto[];
}

class ContainersDiskUsageDto extends DiskUsageTotalsDto {
  @ApiProperty({ type: [ContainerDiskUsageDto] }) items!: ContainerDiskUsageDto[];
}

class VolumesDiskUsageDto extends DiskUsageTotalsDto {
  @ApiProperty({ type: [VolumeDiskUsageDto] }) items!: VolumeDiskUsageDto[];
}

export class DiskUsageDto implements DiskUsage {
  @ApiProperty({ type: ImagesDiskUsageDto, description: 'From the catalogue; each layer counted once.' }) images!: ImagesDiskUsageDto;
  @ApiProperty({ type: ContainersDiskUsageDto, description: 'Writable layers, measured on disk.' }) containers!: ContainersDiskUsageDto;
  @ApiProperty({ type: VolumesDiskUsageDto, description: 'Volume data, measured on disk.' }) volumes!: VolumesDiskUsageDto;
}
