import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import type { UpdateContainerRequest } from '@berth/contracts';
import { ResourcesDto, RestartPolicyDto } from './create-container.dto.js';

export class UpdateContainerDto implements UpdateContainerRequest {
  @ApiPropertyOptional({ type: ResourcesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ResourcesDto)
  resources?: ResourcesDto;

  @ApiPropertyOptional({ type: RestartPolicyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RestartPolicyDto)
  restartPolicy?: RestartPolicyDto;
}
