import { HttpStatus, Injectable } from '@nestjs/common';
import type { ApiTokenView, CreatedToken, CreateTokenRequest } from '@berth/contracts';
import { roleAtLeast } from '../auth/access-rule.js';
import type { Principal } from '../auth/principal.js';
import { displayPrefix, hashSecret, newSecret } from '../auth/secrets.js';
import { ProblemException } from '../http/problem.js';
import { LastUsedTimes } from './last-used-times.service.js';
import { TokensRepository, type TokenRow } from './tokens.repository.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** API tokens of a team: made by its admins, shown once, kept hashed, revocable. */
@Injectable()
export class TokensService {
  constructor(
    private readonly tokens: TokensRepository,
    private readonly lastUsed: LastUsedTimes,
  ) {}

  async create(principal: Principal, request: CreateTokenRequest, now = new Date()): Promise<CreatedToken> {
    if (!roleAtLeast(principal.role, request.role)) {
      throw new ProblemException(HttpStatus.FORBIDDEN, 'ROLE_TOO_HIGH', `a token can have at most your own role (${principal.role})`, [
        { field: 'role', message: `at most ${principal.role}` },
      ]);
    }
    const secret = newSecret();
    const row = await this.tokens.create({
      name: request.name,
      tokenHash: hashSecret(secret),
      prefix: displayPrefix(secret),
      role: request.role,
      teamId: principal.teamId,
      // A token acts for the user who made it, and never beyond that user's role in the team.
      userId: principal.userId ?? null,
      expiresAt: request.expiresInDays ? new Date(now.getTime() + request.expiresInDays * DAY_MS) : null,
    });
    return { ...viewOf(row), token: secret };
  }

  async list(principal: Principal): Promise<ApiTokenView[]> {
    // Last uses are written behind the requests: those made before this list are in it.
    await this.lastUsed.written();
    return (await this.tokens.list(principal.teamId)).map(viewOf);
  }

  async revoke(principal: Principal, id: string): Promise<ApiTokenView> {
    const row = UUID.test(id) ? await this.tokens.revoke(principal.teamId, id) : null;
    if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'TOKEN_NOT_FOUND', `no token ${id} in team ${principal.teamName}`);
    return viewOf(row);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function viewOf(row: TokenRow): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    owner: row.owner,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
