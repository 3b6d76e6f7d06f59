import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  BuildImageResponse,
  BuildStepSummary,
  DeleteImageResponse,
  HealthcheckRequest,
  ImageDetail,
  ImageHistoryEntry,
  ImageLayerDetail,
  ImageRunConfig,
  ImageSummary,
  LoadedImage,
  LoadImagesResponse,
  PruneImagesResponse,
  PullImageResponse,
  PushImageResponse,
} from '@berth/contracts';

/** The answers of /api/v1/images as OpenAPI schemas; each implements its contract type, so the two cannot drift. */

export class ImageSummaryDto implements ImageSummary {
  @ApiProperty({ description: 'Manifest digest', example: 'sha256:3f1c…' }) id!: string;
  @ApiProperty({ type: [String], example: ['busybox:latest'] }) repoTags!: string[];
  @ApiProperty({ type: [String], example: ['busybox@sha256:9ae9…'] }) repoDigests!: string[];
  @ApiProperty({ description: 'Bytes of manifest, config and layers' }) size!: number;
  @ApiProperty({ format: 'date-time' }) created!: string;
  @ApiProperty({ description: "Containers of the caller's team using the image" }) containers!: number;
}

/** An image's HEALTHCHECK as the images API shows it (the containers' create option has its own, validated DTO). */
class ImageHealthcheckDto implements HealthcheckRequest {
  @ApiProperty({ type: [String], example: ['CMD-SHELL', 'test -f /ready'] }) test!: string[];
  @ApiProperty({ description: 'ms; 0 = the default (30000)' }) intervalMs!: number;
  @ApiProperty({ description: 'ms; 0 = the default (30000)' }) timeoutMs!: number;
  @ApiProperty({ description: '0 = the default (3)' }) retries!: number;
  @ApiProperty({ description: 'ms; 0 = the default (0)' }) startPeriodMs!: number;
  @ApiProperty({ description: 'ms; 0 = the default (5000)' }) startIntervalMs!: number;
}

class ImageRunConfigDto implements ImageRunConfig {
  @ApiProperty({ type: [String] }) env!: string[];
  @ApiProperty({ type: [String], nullable: true }) cmd!: string[] | null;
  @ApiProperty({ type: [String], nullable: true }) entrypoint!: string[] | null;
  @ApiProperty() workingDir!: string;
  @ApiProperty() user!: string;
  @ApiProperty({ type: [String], example: ['8080/tcp'] }) exposedPorts!: string[];
  @ApiProperty({ type: [String] }) volumes!: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) labels!: Record<string, string>;
  @ApiPropertyOptional({ type: ImageHealthcheckDto, description: 'HEALTHCHECK; absent without one.' })
  healthcheck?: ImageHealthcheckDto;
}

class ImageLayerDetailDto implements ImageLayerDetail {
  @ApiProperty() digest!: string;
  @ApiProperty() diffId!: string;
  @ApiProperty() chainId!: string;
  @ApiProperty() mediaType!: string;
  @ApiProperty() size!: number;
}

export class ImageDetailDto extends ImageSummaryDto implements ImageDetail {
  @ApiProperty({ example: 'amd64' }) architecture!: string;
  @ApiProperty({ example: 'linux' }) os!: string;
  @ApiPropertyOptional() variant?: string;
  @ApiPropertyOptional() author?: string;
  @ApiProperty({ type: ImageRunConfigDto }) config!: ImageRunConfigDto;
  @ApiProperty({ type: [ImageLayerDetailDto], description: 'Bottom layer first' }) layers!: ImageLayerDetailDto[];
}

export class ImageHistoryEntryDto implements ImageHistoryEntry {
  @ApiProperty({ type: String, nullable: true, description: 'Diff ID of the layer the step made' }) layer!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) created!: string | null;
  @ApiProperty() createdBy!: string;
  @ApiPropertyOptional() comment?: string;
  @ApiProperty() size!: number;
  @ApiProperty() emptyLayer!: boolean;
  @ApiProperty({ type: [String] }) tags!: string[];
}

export class PullImageResponseDto extends ImageSummaryDto implements PullImageResponse {
  @ApiProperty({ example: 'docker.io/library/busybox:latest' }) reference!: string;
  @ApiProperty({ description: 'The digest the registry knows the image by (an index digest for multi-platform images)' }) registryDigest!: string;
  @ApiPropertyOptional({ example: 'linux/amd64' }) platform?: string;
}

export class PushImageResponseDto implements PushImageResponse {
  @ApiProperty() reference!: string;
  @ApiProperty() digest!: string;
  @ApiProperty({ type: [String] }) uploaded!: string[];
  @ApiProperty({ type: [String] }) skipped!: string[];
}

export class DeleteImageResponseDto implements DeleteImageResponse {
  @ApiProperty({ type: [String] }) untagged!: string[];
  @ApiProperty({ type: [String], description: 'Manifest digests removed from the catalogue' }) deleted!: string[];
}

export class PruneImagesResponseDto implements PruneImagesResponse {
  @ApiProperty({ type: [String] }) deleted!: string[];
  @ApiProperty() reclaimedBytes!: number;
  @ApiProperty() blobs!: number;
  @ApiProperty() snapshots!: number;
}

class LoadedImageDto implements LoadedImage {
  @ApiProperty({ example: 'busybox:latest' }) reference!: string;
  @ApiProperty() id!: string;
}

export class LoadImagesResponseDto implements LoadImagesResponse {
  @ApiProperty({ type: [LoadedImageDto] }) loaded!: LoadedImageDto[];
}

class BuildStepSummaryDto implements BuildStepSummary {
  @ApiProperty() stage!: number;
  @ApiProperty() instruction!: string;
  @ApiProperty() layer!: boolean;
  @ApiProperty() cached!: boolean;
}

export class BuildImageResponseDto implements BuildImageResponse {
  @ApiProperty() id!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ type: [BuildStepSummaryDto] }) steps!: BuildStepSummaryDto[];
  @ApiProperty() cacheHits!: number;
  @ApiProperty() runs!: number;
  @ApiPropertyOptional({ type: [String] }) log?: string[];
}
