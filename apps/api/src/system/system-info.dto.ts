import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ContainerCounts, SystemInfo } from '@berth/contracts';

// Response shapes for the OpenAPI document; the service returns the contracts' plain objects.

export class ContainerCountsDto implements ContainerCounts {
  @ApiProperty() total!: number;
  @ApiProperty() running!: number;
  @ApiProperty() paused!: number;
  @ApiProperty({ description: 'Neither running nor paused (created ones too), as `docker info` counts them.' }) stopped!: number;
}

export class RuntimeInfoDto {
  @ApiProperty({ enum: ['berth-runtime'] }) name!: 'berth-runtime';
  @ApiProperty() version!: string;
  @ApiProperty({ description: 'OCI runtime-spec version of the bundles it runs.' }) ociVersion!: string;
}

export class HostCapabilityDto {
  @ApiProperty({ example: 'bridge-networking' }) name!: string;
  @ApiProperty() available!: boolean;
  @ApiProperty({ type: [String], description: 'Its tools that are not installed.', example: ['iptables-save', 'iptables-restore'] }) missingTools!: string[];
  @ApiPropertyOptional({ description: 'The command that installs them.', example: 'apt-get install iptables' }) install?: string;
}

export class SystemInfoDto implements SystemInfo {
  @ApiProperty({ description: 'The Berth server release.' }) version!: string;
  @ApiProperty({ description: 'The REST API version (the v1 of /api/v1).', example: 'v1' }) apiVersion!: string;
  @ApiProperty({ type: RuntimeInfoDto }) runtime!: RuntimeInfoDto;
  @ApiProperty() hostname!: string;
  @ApiProperty() kernel!: string;
  @ApiProperty() os!: string;
  @ApiProperty() architecture!: string;
  @ApiProperty() cpus!: number;
  @ApiProperty() memoryBytes!: number;
  @ApiProperty({ enum: ['v1', 'v2', 'hybrid', 'none'] }) cgroupVersion!: SystemInfo['cgroupVersion'];
  @ApiProperty({ enum: ['embedded', 'external'] }) database!: SystemInfo['database'];
  @ApiProperty() stateRoot!: string;
  @ApiProperty({ type: ContainerCountsDto, description: "The caller's team." }) containers!: ContainerCountsDto;
  @ApiProperty({ description: "Images of the caller's team." }) images!: number;
  @ApiProperty({ description: "Volumes of the caller's team." }) volumes!: number;
  @ApiProperty({ type: [HostCapabilityDto], description: 'What this host can do; one that is off names the tools it misses and their install command.' })
  capabilities!: HostCapabilityDto[];
}
