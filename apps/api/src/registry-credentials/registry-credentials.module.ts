import { Module } from '@nestjs/common';
import { CredentialVault } from './credential-vault.js';
import { RegistryCredentialsController } from './registry-credentials.controller.js';
import { RegistryCredentialsLookup } from './registry-credentials-lookup.js';
import { RegistryCredentialsRepository } from './registry-credentials.repository.js';
import { RegistryCredentialsService } from './registry-credentials.service.js';
import { RegistryLoginVerifier } from './registry-login-verifier.js';

/** `berth login`: stored registry logins (REST) and their use by pulls and pushes (the lookup). */
@Module({
  controllers: [RegistryCredentialsController],
  providers: [RegistryCredentialsRepository, CredentialVault, RegistryLoginVerifier, RegistryCredentialsService, RegistryCredentialsLookup],
  exports: [RegistryCredentialsLookup, RegistryLoginVerifier],
})
export class RegistryCredentialsModule {}
