import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import type {
  CommitResult,
  ContainerDetail,
  ContainerNetworkView,
  ContainerStatsReading,
  ContainerSummary,
  ExecResultBody,
  LogRecord,
  PruneContainersResponse,
  NetworkCounters,
  PublishedPortView,
  TopResult,
  WaitResult,
} from '@berth/contracts';
import { HEALTH_STATUSES, type HealthStatus } from '@berth/contracts';
import { CONTAINER_STATUSES, type ContainerStatus } from '@berth/runtime/model';
import { CreateContainerDto, RestartPolicyDto } from './create-container.dto.js';
import { ContainerHealthDto } from './healthcheck.dto.js';

/** The answers of /api/v1/containers as OpenAPI schemas; each implements its contract type, so the two cannot drift. */

const LABELS = { type: 'object', additionalProperties: { type: 'string' } } as const;

export class ContainerSummaryDto implements ContainerSummary {
  @ApiProperty({ example: '4f3c2b1a0e9d…' }) id!: string;
  @ApiProperty({ example: 'web' }) name!: string;
  @ApiProperty({ description: 'As the caller named it.', example: 'busybox' }) image!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Manifest digest of the image' }) imageId!: string | null;
  @ApiProperty({ type: [String] }) command!: string[];
  @ApiProperty({ enum: CONTAINER_STATUSES }) status!: ContainerStatus;
  @ApiProperty({ type: Number, nullable: true }) exitCode!: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) startedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finishedAt!: string | null;
  @ApiProperty(LABELS) labels!: Record<string, string>;
  @ApiPropertyOptional({ enum: HEALTH_STATUSES, nullable: true, description: 'The healthcheck state; null without a check.' }) health?: HealthStatus | null;
}

class ContainerMountViewDto {
  @ApiProperty({ enum: ['volume', 'bind', 'tmpfs'] }) type!: 'volume' | 'bind' | 'tmpfs';
  @ApiProperty() source!: string;
  @ApiProperty() target!: string;
  @ApiProperty() readOnly!: boolean;
}

class ContainerNetworkViewDto implements ContainerNetworkView {
  @ApiProperty() network!: string;
  @ApiProperty({ example: '10.89.0.2' }) ip!: string;
  @ApiProperty({ example: 24 }) prefixLength!: number;
  @ApiProperty() gateway!: string;
  @ApiProperty() mac!: string;
  @ApiProperty({ type: [String] }) aliases!: string[];
  @ApiProperty({ example: 'eth0' }) interface!: string;
}

class PublishedPortViewDto implements PublishedPortView {
  @ApiProperty() containerPort!: number;
  @ApiProperty({ enum: ['tcp', 'udp'] }) protocol!: 'tcp' | 'udp';
  @ApiProperty({ example: '127.0.0.1' }) hostIp!: string;
  @ApiProperty() hostPort!: number;
}

export class ContainerDetailDto extends ContainerSummaryDto implements ContainerDetail {
  @ApiProperty({ type: Number, nullable: true }) pid!: number | null;
  @ApiProperty() oomKilled!: boolean;
  @ApiProperty({ type: RestartPolicyDto }) restartPolicy!: RestartPolicyDto;
  @ApiProperty() restartCount!: number;
  @ApiProperty() autoRemove!: boolean;
  @ApiProperty({ type: CreateContainerDto, description: 'The create request after defaults.' }) config!: CreateContainerDto;
  @ApiProperty({ type: [ContainerMountViewDto] }) mounts!: ContainerMountViewDto[];
  @ApiProperty({ enum: ['none', 'host', 'bridge'] }) networkMode!: 'none' | 'host' | 'bridge';
  @ApiProperty({ type: [ContainerNetworkViewDto], description: 'The first one holds the default route.' }) networks!: ContainerNetworkViewDto[];
  @ApiProperty({ type: [PublishedPortViewDto] }) ports!: PublishedPortViewDto[];
  @ApiPropertyOptional({ type: ContainerHealthDto, nullable: true, description: 'Healthcheck status, failing streak and last results.' })
  healthState?: ContainerHealthDto | null;
}

export class WaitResultDto implements WaitResult {
  @ApiProperty() exitCode!: number;
  @ApiProperty() oomKilled!: boolean;
}

export class TopResultDto implements TopResult {
  @ApiProperty({ type: [String], example: ['PID', 'USER', 'TIME', 'COMMAND'] }) titles!: string[];
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'string' } } }) processes!: string[][];
}

export class ExecResultDto implements ExecResultBody {
  @ApiProperty() exitCode!: number;
  @ApiProperty({ description: 'The first MiB the command wrote to stdout.' }) stdout!: string;
  @ApiProperty() stderr!: string;
  @ApiProperty() stdoutTruncated!: boolean;
  @ApiProperty() stderrTruncated!: boolean;
  @ApiProperty() stdoutBytes!: number;
  @ApiProperty() stderrBytes!: number;
}

export class CommitResultDto implements CommitResult {
  @ApiProperty({ description: 'Manifest digest of the new image.' }) id!: string;
  @ApiProperty({ example: 'app:snapshot' }) reference!: string;
}

export class LogRecordDto implements LogRecord {
  @ApiProperty({ enum: ['stdout', 'stderr'] }) stream!: 'stdout' | 'stderr';
  @ApiProperty({ description: 'The text as written, newline included.' }) log!: string;
  @ApiPropertyOptional({ description: 'RFC 3339 with nanoseconds; only with `timestamps`.' }) time?: string;
}

class CpuThrottlingDto {
  @ApiProperty() periods!: number;
  @ApiProperty() throttledPeriods!: number;
  @ApiProperty() throttledTimeNs!: number;
}

class CpuStatsDto {
  @ApiProperty() usageTotalNs!: number;
  @ApiPropertyOptional() usageUserNs?: number;
  @ApiPropertyOptional() usageKernelNs?: number;
  @ApiPropertyOptional({ type: [Number] }) perCpuNs?: number[];
  @ApiProperty({ type: CpuThrottlingDto }) throttling!: CpuThrottlingDto;
}

class MemoryStatsDto {
  @ApiProperty() usage!: number;
  @ApiPropertyOptional() maxUsage?: number;
  @ApiPropertyOptional() limit?: number;
  @ApiPropertyOptional() failcnt?: number;
  @ApiPropertyOptional() oomEvents?: number;
  @ApiPropertyOptional() oomKills?: number;
  @ApiPropertyOptional() swapUsage?: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) stat!: Record<string, number>;
}

class PidsStatsDto {
  @ApiProperty() current!: number;
  @ApiPropertyOptional() limit?: number;
}

class IoStatsDto {
  @ApiProperty() major!: number;
  @ApiProperty() minor!: number;
  @ApiProperty() readBytes!: number;
  @ApiProperty() writeBytes!: number;
  @ApiProperty() readOps!: number;
  @ApiProperty() writeOps!: number;
}

class NetworkCountersDto implements NetworkCounters {
  @ApiProperty() rxBytes!: number;
  @ApiProperty() rxPackets!: number;
  @ApiProperty() rxErrors!: number;
  @ApiProperty() rxDropped!: number;
  @ApiProperty() txBytes!: number;
  @ApiProperty() txPackets!: number;
  @ApiProperty() txErrors!: number;
  @ApiProperty() txDropped!: number;
}

@ApiExtraModels(NetworkCountersDto)
export class ContainerStatsDto implements ContainerStatsReading {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) read!: string;
  @ApiPropertyOptional({ description: 'Percent of one CPU over the last interval; streamed readings only.' }) cpuPercent?: number;
  @ApiProperty({ type: CpuStatsDto }) cpu!: CpuStatsDto;
  @ApiProperty({ type: MemoryStatsDto }) memory!: MemoryStatsDto;
  @ApiProperty({ type: PidsStatsDto }) pids!: PidsStatsDto;
  @ApiProperty({ type: [IoStatsDto] }) io!: IoStatsDto[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: { $ref: getSchemaPath(NetworkCountersDto) }, description: 'Per interface; absent for `host`.' })
  networks?: Record<string, NetworkCountersDto>;
}

export class PruneContainersResponseDto implements PruneContainersResponse {
  @ApiProperty({ type: [String], description: 'Ids of the removed containers.' }) containersDeleted!: string[];
  @ApiProperty({ description: 'What their writable layers held.' }) spaceReclaimedBytes!: number;
}
