import { HttpStatus, Injectable } from '@nestjs/common';
import type { RegistryCredentialView, RegistryLoginRequest } from '@berth/contracts';
import { roleAtLeast } from '../auth/access-rule.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { ProblemException } from '../http/problem.js';
import { CredentialVault } from './credential-vault.js';
import { registryHostOf } from '@berth/contracts';
import { RegistryLoginVerifier } from './registry-login-verifier.js';
import { RegistryCredentialsRepository, type CredentialOwner, type CredentialRow } from './registry-credentials.repository.js';

/**
 * `berth login` / `logout`: a user's own registry logins, and the team's (set by its admins).
 * A login is stored only once the registry accepted it, and its secret only sealed.
 */
@Injectable()
export class RegistryCredentialsService {
  constructor(
    private readonly repository: RegistryCredentialsRepository,
    private readonly vault: CredentialVault,
    private readonly verifier: RegistryLoginVerifier,
  ) {}

  async login(principal: Principal, request: RegistryLoginRequest): Promise<RegistryCredentialView> {
    const registry = hostOrRefuse(request.registry);
    const owner = ownerFor(principal, request.scope ?? 'user');
    await this.verifier.verify(principal, registry, { username: request.username, password: request.password }, request.insecure);
    const row = await this.repository.upsert(owner, {
      registry,
      username: request.username,
      secretCipher: this.vault.seal(owner, registry, request.password),
      createdBy: actorOf(principal),
    });
    return viewOf(row);
  }

  async list(principal: Principal): Promise<RegistryCredentialView[]> {
    return (await this.repository.visibleTo(principal.teamId, principal.userId)).map(viewOf);
  }

  /** Your own login, or (team admins) the team's; anyone else's is "not found", never "forbidden". */
  async logout(principal: Principal, id: string): Promise<RegistryCredentialView> {
    const row = UUID.test(id) ? await this.repository.find(id, principal.teamId, principal.userId) : null;
    if (!row)
      throw new ProblemException(HttpStatus.NOT_FOUND, 'REGISTRY_CREDENTIAL_NOT_FOUND', `no registry login ${id} of yours or of team ${principal.teamName}`);
    if (row.teamId) requireTeamAdmin(principal);
    await this.repository.deleteById(row.id);
    return viewOf(row);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function hostOrRefuse(text: string): string {
  const registry = registryHostOf(text);
  if (registry) return registry;
  throw new ProblemException(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', `"${text}" is not a registry host such as ghcr.io or 127.0.0.1:5000`, [
    { field: 'registry', message: 'a host name or address, with an optional port' },
  ]);
}

function ownerFor(principal: Principal, scope: 'user' | 'team'): CredentialOwner {
  if (scope === 'team') {
    requireTeamAdmin(principal);
    return { kind: 'team', teamId: principal.teamId };
  }
  if (!principal.userId) {
    throw new ProblemException(HttpStatus.BAD_REQUEST, 'USER_REQUIRED', 'this token acts for no user, so it can only store a team login (scope "team")', [
      { field: 'scope', message: 'use "team"' },
    ]);
  }
  return { kind: 'user', userId: principal.userId };
}

/** Team logins are used by every member's pulls and pushes: only the team's admins set or remove them. */
function requireTeamAdmin(principal: Principal): void {
  if (roleAtLeast(principal.role, 'admin')) return;
  throw new ProblemException(
    HttpStatus.FORBIDDEN,
    'TEAM_ADMIN_REQUIRED',
    `only a team admin may change team ${principal.teamName}'s registry logins (your role: ${principal.role})`,
  );
}

export function viewOf(row: CredentialRow): RegistryCredentialView {
  return {
    id: row.id,
    registry: row.registry,
    username: row.username,
    scope: row.userId ? 'user' : 'team',
    owner: row.owner,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
