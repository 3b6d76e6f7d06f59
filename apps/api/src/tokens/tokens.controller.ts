import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ApiTokenView, CreatedToken } from '@berth/contracts';
import { RequiresRole } from '../auth/access-rule.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { CreateTokenDto } from './dto/create-token.dto.js';
import { TokensService } from './tokens.service.js';

@ApiTags('tokens')
@Controller('tokens')
@RequiresRole('admin')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @ApiCreatedResponse({ description: 'The secret is in `token`, this once.' })
  @ApiForbiddenResponse({ description: 'ROLE_TOO_HIGH: more than your own role' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateTokenDto): Promise<CreatedToken> {
    return this.tokens.create(principal, body);
  }

  @Get()
  @ApiOkResponse({ description: "The team's tokens, newest first, without secrets." })
  list(@CurrentPrincipal() principal: Principal): Promise<ApiTokenView[]> {
    return this.tokens.list(principal);
  }

  @Delete(':id')
  @ApiOkResponse({ description: 'Revoked: refused from the next request on.' })
  @ApiNotFoundResponse({ description: 'TOKEN_NOT_FOUND' })
  revoke(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ApiTokenView> {
    return this.tokens.revoke(principal, id);
  }
}
