import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { NetworkDetail, NetworkSummary, Page, PruneNetworksResponse } from '@berth/contracts';
import { RequiresRole } from '../auth/access-rule.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { ApiPageResponse } from '../http/openapi/api-page-response.js';
import { ApiProblems } from '../http/openapi/api-problems.js';
import { pageOf } from '../http/page-of.js';
import { PageQuery } from '../http/page-query.js';
import { PruneQuery } from '../http/prune-query.js';
import { ConnectNetworkDto, DisconnectNetworkDto } from './dto/connect-network.dto.js';
import { CreateNetworkDto } from './dto/create-network.dto.js';
import { NetworkDetailDto, NetworkSummaryDto, PruneNetworksResponseDto } from './dto/network-response.dto.js';
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
  @ApiProblems({
    400: 'INVALID_NETWORK_NAME, INVALID_SUBNET or VALIDATION_FAILED; nothing was created.',
    403: 'HOST_ACCESS_DENIED (field subnet): a subnet outside BERTH_NETWORK_POOL needs the admin role; nothing was created.',
    409: 'NETWORK_EXISTS, SUBNET_OVERLAP, NETWORK_POOL_EXHAUSTED or NETWORKING_UNAVAILABLE',
  })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateNetworkDto): Promise<NetworkDetail> {
    return this.networks.create(principal, body);
  }

  @Post('prune')
  @RequiresRole('operator')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: PruneNetworksResponseDto, description: 'Removes every network of the team no container is on; the default `bridge` stays.' })
  @ApiProblems({ 400: 'VALIDATION_FAILED', 409: 'NETWORKING_UNAVAILABLE' })
  prune(@CurrentPrincipal() principal: Principal, @Query() query: PruneQuery): Promise<PruneNetworksResponse> {
    return this.networks.prune(principal.teamId, query.label);
  }

  @Get()
  @RequiresRole('viewer')
  @ApiPageResponse(NetworkSummaryDto)
  @ApiProblems({ 400: 'VALIDATION_FAILED' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: PageQuery): Promise<Page<NetworkSummary>> {
    return pageOf(await this.networks.list(principal.teamId), query);
  }

  @Get(':id')
  @RequiresRole('viewer')
  @ApiOkResponse({ type: NetworkDetailDto })
  @ApiProblems({ 404: 'NETWORK_NOT_FOUND' })
  inspect(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<NetworkDetail> {
    return this.networks.inspect(principal.teamId, id);
  }

  @Delete(':id')
  @RequiresRole('operator')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Removed with its bridge and rules.' })
  @ApiProblems({ 404: 'NETWORK_NOT_FOUND', 409: 'NETWORK_IN_USE: a container is on it.' })
  remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.networks.remove(principal.teamId, id);
  }

  @Post(':id/connect')
  @RequiresRole('operator')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: NetworkDetailDto, description: 'A running container gets its interface at once; a stopped one at its next start.' })
  @ApiProblems({
    400: 'VALIDATION_FAILED, INVALID_ALIAS',
    404: 'NETWORK_NOT_FOUND, CONTAINER_NOT_FOUND',
    409: 'ALREADY_CONNECTED, CONFLICTING_OPTIONS (network none or host), SUBNET_FULL',
  })
  connect(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: ConnectNetworkDto): Promise<NetworkDetail> {
    return this.membership.connect(principal, id, body);
  }

  @Post(':id/disconnect')
  @RequiresRole('operator')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: NetworkDetailDto })
  @ApiProblems({ 400: 'VALIDATION_FAILED', 404: 'NETWORK_NOT_FOUND, CONTAINER_NOT_FOUND', 409: 'NOT_CONNECTED, NETWORK_CARRIES_PORTS' })
  disconnect(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: DisconnectNetworkDto): Promise<NetworkDetail> {
    return this.membership.disconnect(principal.teamId, id, body);
  }
}
