import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ApiTokenView, CreatedToken, Page } from '@berth/contracts';
import { RequiresRole } from '../auth/access-rule.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { ApiPageResponse } from '../http/openapi/api-page-response.js';
import { ApiProblems } from '../http/openapi/api-problems.js';
import { pageOf } from '../http/page-of.js';
import { PageQuery } from '../http/page-query.js';
import { CreateTokenDto } from './dto/create-token.dto.js';
import { ApiTokenViewDto, CreatedTokenDto } from './dto/token-view.dto.js';
import { TokensService } from './tokens.service.js';

@ApiTags('tokens')
@Controller('tokens')
@RequiresRole('admin')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedTokenDto, description: 'The secret is in `token`, this once.' })
  @ApiProblems({ 400: 'VALIDATION_FAILED', 403: 'ROLE_TOO_HIGH: more than your own role' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateTokenDto): Promise<CreatedToken> {
    return this.tokens.create(principal, body);
  }

  @Get()
  @ApiPageResponse(ApiTokenViewDto, "The team's tokens, newest first, without secrets.")
  @ApiProblems({ 400: 'VALIDATION_FAILED' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: PageQuery): Promise<Page<ApiTokenView>> {
    return pageOf(await this.tokens.list(principal), query);
  }

  @Delete(':id')
  @ApiOkResponse({ type: ApiTokenViewDto, description: 'Revoked: refused from the next request on.' })
  @ApiProblems({ 404: 'TOKEN_NOT_FOUND' })
  revoke(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ApiTokenView> {
    return this.tokens.revoke(principal, id);
  }
}
