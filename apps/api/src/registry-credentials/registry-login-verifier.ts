import { HttpStatus, Injectable } from '@nestjs/common';
import { ImageError, RegistryClient, type RegistryCredentials } from '@berth/images';
import { HostAccessService } from '../access/host-access/host-access.service.js';
import type { Principal } from '../auth/principal.js';
import { ProblemException } from '../http/problem.js';

/** What a failed verification answers: the registry's refusal is the caller's to fix (4xx), its absence is a 502. */
const STATUS_OF: Partial<Record<string, HttpStatus>> = {
  REGISTRY_AUTH_FAILED: HttpStatus.FORBIDDEN,
  REGISTRY_UNREACHABLE: HttpStatus.BAD_GATEWAY,
  REGISTRY_ERROR: HttpStatus.BAD_GATEWAY,
};

/**
 * Checks a login the way `docker login` does: `GET /v2/` with the credentials, answering the
 * registry's challenge (Basic, or a bearer token from its realm). The connection obeys the
 * host-access policy like a pull, since a login makes the server connect where it is told.
 */
@Injectable()
export class RegistryLoginVerifier {
  constructor(private readonly hostAccess: HostAccessService) {}

  async verify(principal: Principal, registry: string, credentials: RegistryCredentials, insecure = false): Promise<void> {
    const { dispatcher } = await this.hostAccess.checkRegistry(principal, 'registry', registry);
    try {
      // One attempt: a wrong password is not a transient failure, and retrying it may lock the account.
      const client = new RegistryClient(registry, { credentials, insecure: insecure ? [registry] : [], dispatcher, retries: 0 });
      await client.ping();
    } catch (error) {
      throw problemOf(HostAccessService.registryFailure(error, 'registry'));
    } finally {
      await dispatcher?.close().catch(() => undefined);
    }
  }
}

function problemOf(error: unknown): unknown {
  if (!(error instanceof ImageError)) return error;
  const status = STATUS_OF[error.code];
  return status ? new ProblemException(status, error.code, `login not stored: ${error.message}`, undefined, 'registry') : error;
}
