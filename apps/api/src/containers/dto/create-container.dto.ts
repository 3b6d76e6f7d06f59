import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import {
  NETWORK_NAME_PATTERN,
  RESTART_POLICIES,
  type CreateContainerRequest,
  type MountRequest,
  type PortBindingRequest,
  type ResourceRequest,
  type RestartPolicy,
  type RestartPolicyName,
} from '@berth/contracts';
import { IsStringRecord } from '../../http/is-string-record.js';
import { HealthcheckDto } from './healthcheck.dto.js';
import { IsSizeOrNumber } from './size-or-number.js';

export class ResourcesDto implements ResourceRequest {
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'integer' }], example: '256m' })
  @IsOptional()
  @IsSizeOrNumber()
  memory?: string | number;

  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'integer' }], description: 'Memory plus swap; -1 = unlimited.' })
  @IsOptional()
  @IsSizeOrNumber()
  memorySwap?: string | number;

  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'number' }], example: 1.5 })
  @IsOptional()
  @IsSizeOrNumber()
  cpus?: string | number;

  @ApiPropertyOptional({ minimum: 2, maximum: 262144 })
  @IsOptional()
  @IsInt()
  cpuShares?: number;

  @ApiPropertyOptional({ example: '0-1' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  cpusetCpus?: string;

  @ApiPropertyOptional({ example: '0' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  cpusetMems?: string;

  @ApiPropertyOptional({ description: '-1 = unlimited' })
  @IsOptional()
  @IsInt()
  pidsLimit?: number;

  @ApiPropertyOptional({ minimum: 10, maximum: 1000 })
  @IsOptional()
  @IsInt()
  blkioWeight?: number;
}

export class PortBindingDto implements PortBindingRequest {
  @ApiProperty({ minimum: 1, maximum: 65535 })
  @IsInt()
  @Min(1)
  @Max(65535)
  containerPort!: number;

  @ApiPropertyOptional({ enum: ['tcp', 'udp'] })
  @IsOptional()
  @IsIn(['tcp', 'udp'])
  protocol?: 'tcp' | 'udp';

  @ApiPropertyOptional({ minimum: 1, maximum: 65535 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  hostPort?: number;

  @ApiPropertyOptional({ example: '127.0.0.1', default: '127.0.0.1', description: '0.0.0.0 publishes on every address of the host.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  hostIp?: string;
}

export class MountDto implements MountRequest {
  @ApiProperty({ enum: ['volume', 'bind', 'tmpfs'] })
  @IsIn(['volume', 'bind', 'tmpfs'])
  type!: 'volume' | 'bind' | 'tmpfs';

  @ApiPropertyOptional({ description: 'Volume name (created when missing) or absolute host path (admins only).' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  source?: string;

  @ApiProperty({ example: '/data' })
  @IsString()
  @MaxLength(4096)
  target!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  readOnly?: boolean;

  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'integer' }], example: '64m' })
  @IsOptional()
  @IsSizeOrNumber()
  tmpfsSize?: string | number;
}

export class RestartPolicyDto implements RestartPolicy {
  @ApiProperty({ enum: RESTART_POLICIES })
  @IsIn(RESTART_POLICIES)
  name!: RestartPolicyName;

  @ApiPropertyOptional({ minimum: 0, description: 'on-failure only; 0 = no limit' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  maximumRetryCount?: number;
}

const ARG = { each: true } as const;

export class CreateContainerDto implements CreateContainerRequest {
  @ApiProperty({ example: 'busybox' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  image!: string;

  @ApiPropertyOptional({ example: 'web', pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$' })
  @IsOptional()
  @IsString()
  name?: string;

  @ApiPropertyOptional({ type: [String], example: ['sh', '-c', 'echo hello'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4096)
  @IsString(ARG)
  cmd?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4096)
  @IsString(ARG)
  entrypoint?: string[];

  @ApiPropertyOptional({ type: [String], example: ['MODE=dev'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4096)
  @IsString(ARG)
  @Matches(/^[^=\0]+(=.*)?$/s, { each: true, message: 'each env entry must be KEY=value' })
  env?: string[];

  @ApiPropertyOptional({ example: '/srv' })
  @IsOptional()
  @IsString()
  @Matches(/^\//, { message: 'workingDir must be an absolute path' })
  @MaxLength(4096)
  workingDir?: string;

  @ApiPropertyOptional({ example: '1000:1000' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  user?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^[a-zA-Z0-9]([a-zA-Z0-9.-]{0,62})$/, { message: 'hostname must be letters, digits, . and -, at most 63' })
  hostname?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsStringRecord()
  labels?: Record<string, string>;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  tty?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  openStdin?: boolean;

  @ApiPropertyOptional({ type: ResourcesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ResourcesDto)
  resources?: ResourcesDto;

  @ApiPropertyOptional({ type: [PortBindingDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(256)
  @ValidateNested({ each: true })
  @Type(() => PortBindingDto)
  ports?: PortBindingDto[];

  @ApiPropertyOptional({ type: [MountDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @ValidateNested({ each: true })
  @Type(() => MountDto)
  mounts?: MountDto[];

  @ApiPropertyOptional({ type: RestartPolicyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RestartPolicyDto)
  restartPolicy?: RestartPolicyDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  autoRemove?: boolean;

  @ApiPropertyOptional({ type: [String], example: ['NET_ADMIN'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @IsString(ARG)
  capAdd?: string[];

  @ApiPropertyOptional({ type: [String], example: ['ALL'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @IsString(ARG)
  capDrop?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  readOnlyRootfs?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  privileged?: boolean;

  @ApiPropertyOptional({
    description: "`bridge` (the team's default network), a network name, `none` (own loopback only) or `host`.",
    default: 'bridge',
    example: 'backend',
  })
  @IsOptional()
  @IsString()
  @Matches(NETWORK_NAME_PATTERN, { message: 'network must be none, host, bridge or a network name' })
  network?: string;

  @ApiPropertyOptional({ type: [String], description: 'More networks to join (bridge mode only); the first network keeps the default route.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(16)
  @IsString(ARG)
  @Matches(NETWORK_NAME_PATTERN, { each: true, message: 'each network must be a network name' })
  networks?: string[];

  @ApiPropertyOptional({ type: HealthcheckDto, description: 'Overrides the image\'s HEALTHCHECK; `test: ["NONE"]` disables it.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => HealthcheckDto)
  healthcheck?: HealthcheckDto;
}
