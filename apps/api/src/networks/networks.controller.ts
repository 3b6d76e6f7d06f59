import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { NetworkDetail, NetworkSummary } from '@berth/contracts';
import { RequiresRole } from '../auth/access-rule.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { ConnectNetworkDto, DisconnectNetworkDto } from './dto/connect-network.dto.js';
import { CreateNetworkDto } from './dto/create-network.dto.js';
import { NetworkDetailDto, NetworkSummaryDto } from './dto/network-response.dto.js';
import { NetworkMembershipService } from './network-membership.service.js';
import { NetworksService } from './networks.service.js';

@ApiTags('networks')
@Controller('networks')
export class NetworksController {
  constructor(
    private readonly networks: NetworksService,
    private readonly membership: NetworkMembershipService,
  ) {}

  @Post()
  @RequiresRole('operator')
  @ApiCreatedResponse({ type: NetworkDetailDto, description: 'A bridge and its firewall rules are made on the host.' })
  @ApiBadRequestResponse({ description: 'INVALID_NETWORK_NAME, INVALID_SUBNET or VALIDATION_FAILED; nothing was created.' })
  @ApiForbiddenResponse({ description: 'HOST_ACCESS_DENIED (field subnet): a subnet outside BERTH_NETWORK_POOL needs the admin role; nothing was created.' })
  @ApiConflictResponse({ description: 'NETWORK_EXISTS, SUBNET_OVERLAP or NETWORK_POOL_EXHAUSTED' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateNetworkDto): Promise<NetworkDetail> {
    return this.networks.create(principal, body);
  }

  @Get()
  @RequiresRole('viewer')
  @ApiOkResponse({ type: [NetworkSummaryDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<NetworkSummary[]> {
    return this.networks.list(principal.teamId);
  }

  @Get(':id')
  @RequiresRole('viewer')
  @ApiOkResponse({ type: NetworkDetailDto })
  @ApiNotFoundResponse({ description: 'NETWORK_NOT_FOUND' })
  inspect(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<NetworkDetail> {
    return this.networks.inspect(principal.teamId, id);
  }

  @Delete(':id')
  @RequiresRole('operator')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Removed with its bridge and rules.' })
  @ApiNotFoundResponse({ description: 'NETWORK_NOT_FOUND' })
  @ApiConflictResponse({ description: 'NETWORK_IN_USE: a container is on it.' })
  remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.networks.remove(principal.teamId, id);
  }

  @Post(':id/connect')
  @RequiresRole('operator')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: NetworkDetailDto, description: 'A running container gets its interface at once; a stopped one at its next start.' })
  @ApiConflictResponse({ description: 'ALREADY_CONNECTED, CONFLICTING_OPTIONS (network none or host)' })
  connect(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: ConnectNetworkDto): Promise<NetworkDetail> {
    return this.membership.connect(principal, id, body);
  }

  @Post(':id/disconnect')
  @RequiresRole('operator')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: NetworkDetailDto })
  @ApiConflictResponse({ description: 'NOT_CONNECTED, NETWORK_CARRIES_PORTS' })
  disconnect(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: DisconnectNetworkDto): Promise<NetworkDetail> {
    return this.membership.disconnect(principal.teamId, id, body);
  }
}
