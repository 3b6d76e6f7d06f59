import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { accessErrors } from '../auth/access-errors.js';
import { AccessRepository, type SessionRecord, type TokenRecord } from './access.repository.js';
import { weakerRole } from '../auth/access-rule.js';
import type { Principal } from '../auth/principal.js';
import { hashSecret } from '../auth/secrets.js';
import { LastUsedTimes } from '../tokens/last-used-times.service.js';
import { SESSION_IDLE_MS, sessionSecretOf } from './session-cookies.js';

export interface Authentication {
  principal: Principal;
  via: 'token' | 'session';
  /** The session's secret (for the CSRF check); only for cookie authentication. */
  sessionSecret?: string;
}

/**
 * Turns a request's credentials — a bearer token, else the session cookie — into a principal.
 * Every lookup is one read of the database (the credential, its team, its owner's role in
 * that team), so a revoked token, an ended session or a changed role takes effect on the
 * very next request; the last-used time is written behind the request (LastUsedTimes).
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly repository: AccessRepository,
    private readonly lastUsed: LastUsedTimes,
  ) {}

  /** Undefined when the request carries no credentials; throws 401 for bad ones. */
  async authenticate(request: Pick<Request, 'headers'>, now = new Date()): Promise<Authentication | undefined> {
    const bearer = bearerOf(request.headers.authorization);
    if (bearer !== undefined) return { principal: await this.byToken(bearer, now), via: 'token' };
    const secret = sessionSecretOf(request as Request);
    if (secret !== undefined) return { principal: await this.bySession(secret, now), via: 'session', sessionSecret: secret };
    return undefined;
  }

  private async byToken(secret: string, now: Date): Promise<Principal> {
    const token = await this.repository.tokenByHash(hashSecret(secret));
    if (!token) throw accessErrors.tokenRefused('unknown');
    if (token.revokedAt) throw accessErrors.tokenRefused('revoked');
    if (token.expiresAt && token.expiresAt <= now) throw accessErrors.tokenRefused('expired');
    if (token.userId && !token.ownerRole) throw accessErrors.notMember();
    this.lastUsed.touch('token', token.id, token.lastUsedAt, now);
    return principalOfToken(token);
  }

  private async bySession(secret: string, now: Date): Promise<Principal> {
    const session = await this.repository.sessionByHash(hashSecret(secret));
    if (!session || session.revokedAt || session.expiresAt <= now || now.getTime() - session.lastUsedAt.getTime() > SESSION_IDLE_MS) {
      throw accessErrors.sessionEnded();
    }
    if (!session.role) throw accessErrors.notMember();
    // A session opened with a token lives no longer than the token.
    if (session.token && (session.token.revokedAt || (session.token.expiresAt && session.token.expiresAt <= now))) throw accessErrors.sessionEnded();
    this.lastUsed.touch('session', session.id, session.lastUsedAt, now);
    return principalOfSession(session, session.role);
  }
}

function bearerOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  // A malformed Authorization header is a client bug worth a clear 401, not a silent fallback to the cookie.
  if (!match) throw accessErrors.tokenRefused('unknown');
  return match[1];
}

function principalOfToken(token: TokenRecord): Principal {
  return {
    teamId: token.teamId,
    teamName: token.teamName,
    role: token.ownerRole ? weakerRole(token.role, token.ownerRole) : token.role,
    userId: token.userId ?? undefined,
    username: token.username ?? undefined,
    tokenId: token.id,
    tokenName: token.name,
  };
}

/** A token-bound session acts with the weaker of the token's role and the owner's, like the token itself. */
function principalOfSession(session: SessionRecord, role: NonNullable<SessionRecord['role']>): Principal {
  const base = { teamId: session.teamId, teamName: session.teamName, userId: session.userId, username: session.username, sessionId: session.id };
  if (!session.token) return { ...base, role };
  return { ...base, role: weakerRole(session.token.role, role), tokenId: session.token.id, tokenName: session.token.name };
}
