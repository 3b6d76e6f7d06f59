import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Page, RegistryCredentialView } from '@berth/contracts';
import { RequiresRole } from '../auth/access-rule.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { ApiPageResponse } from '../http/openapi/api-page-response.js';
import { ApiProblems } from '../http/openapi/api-problems.js';
import { pageOf } from '../http/page-of.js';
import { PageQuery } from '../http/page-query.js';
import { RegistryCredentialViewDto } from './dto/registry-credential-view.dto.js';
import { RegistryLoginDto } from './dto/registry-login.dto.js';
import { RegistryCredentialsService } from './registry-credentials.service.js';

/** Any member keeps their own logins; the team's are its admins' to set (checked in the service). */
@ApiTags('registry-credentials')
@Controller('registry-credentials')
@RequiresRole('viewer')
export class RegistryCredentialsController {
  constructor(private readonly credentials: RegistryCredentialsService) {}

  @Post()
  @ApiOperation({ summary: 'Log in to a registry (berth login): verified with the registry, then stored for pulls and pushes' })
  @ApiCreatedResponse({ type: RegistryCredentialViewDto })
  @ApiProblems({
    400: 'VALIDATION_FAILED, USER_REQUIRED (a token acting for no user can store team logins only)',
    403: 'REGISTRY_AUTH_FAILED (the registry refused the login; nothing stored), TEAM_ADMIN_REQUIRED, HOST_ACCESS_DENIED',
    502: 'REGISTRY_UNREACHABLE, REGISTRY_ERROR',
  })
  login(@CurrentPrincipal() principal: Principal, @Body() body: RegistryLoginDto): Promise<RegistryCredentialView> {
    return this.credentials.login(principal, body);
  }

  @Get()
  @ApiPageResponse(RegistryCredentialViewDto, "Your own registry logins and your team's, by registry, without secrets.")
  @ApiProblems({ 400: 'VALIDATION_FAILED' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: PageQuery): Promise<Page<RegistryCredentialView>> {
    return pageOf(await this.credentials.list(principal), query);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Log out of a registry (berth logout): the stored login is deleted' })
  @ApiOkResponse({ type: RegistryCredentialViewDto })
  @ApiProblems({ 403: 'TEAM_ADMIN_REQUIRED', 404: 'REGISTRY_CREDENTIAL_NOT_FOUND' })
  logout(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<RegistryCredentialView> {
    return this.credentials.logout(principal, id);
  }
}
