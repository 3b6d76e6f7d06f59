import { Injectable, Logger } from '@nestjs/common';
import type { RegistryCredentials } from '@berth/images';
import type { Principal } from '../auth/principal.js';
import { CredentialVault } from './credential-vault.js';
import { RegistryCredentialsRepository, type CredentialOwner } from './registry-credentials.repository.js';

/**
 * The stored login a pull or push to `registry` uses when the request brings none: the
 * caller's own first (it is more specific), then the team's — `docker login` per user, with
 * a team-wide fallback for CI robots.
 */
@Injectable()
export class RegistryCredentialsLookup {
  private readonly logger = new Logger('RegistryCredentials');

  constructor(
    private readonly repository: RegistryCredentialsRepository,
    private readonly vault: CredentialVault,
  ) {}

  async credentialsFor(principal: Principal, registry: string): Promise<RegistryCredentials | undefined> {
    const owners: CredentialOwner[] = [
      ...(principal.userId ? [{ kind: 'user' as const, userId: principal.userId }] : []),
      { kind: 'team', teamId: principal.teamId },
    ];
    for (const owner of owners) {
      const sealed = await this.repository.sealedFor(owner, registry);
      if (!sealed) continue;
      try {
        return { username: sealed.username, password: this.vault.open(owner, registry, sealed.secretCipher) };
      } catch {
        // A key replaced or a row tampered with: the login is unusable, so the transfer goes
        // on as if it were absent (anonymous or the next owner's) rather than failing here.
        this.logger.warn(`the stored ${owner.kind} login for ${registry} cannot be decrypted with this server's key; log in again`);
      }
    }
    return undefined;
  }
}
