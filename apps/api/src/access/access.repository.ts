import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service.js';
import type { Role } from '../auth/access-rule.js';

export interface TokenRecord {
  id: string;
  name: string;
  role: Role;
  teamId: string;
  teamName: string;
  userId: string | null;
  username: string | null;
  /** The owner's role in the token's team now; null when the owner has left it. */
  ownerRole: Role | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface SessionRecord {
  id: string;
  userId: string;
  username: string;
  teamId: string;
  teamName: string;
  /** The user's role in the session's team now; null when no longer a member. */
  role: Role | null;
  /** The API token the session was opened with, which bounds it for life; null for a password sign-in. */
  token: { id: string; name: string; role: Role; expiresAt: Date | null; revokedAt: Date | null } | null;
  lastUsedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** The lookups every authenticated request makes: one query each, by the secret's hash. */
@Injectable()
export class AccessRepository {
  constructor(private readonly database: DatabaseService) {}

  async tokenByHash(tokenHash: string): Promise<TokenRecord | undefined> {
    const row = await this.database.client.apiToken.findUnique({
      where: { tokenHash },
      include: { team: { select: { name: true } }, user: { select: { username: true, memberships: { select: { teamId: true, role: true } } } } },
    });
    if (!row) return undefined;
    const membership = row.user?.memberships.find((m) => m.teamId === row.teamId);
    return {
      id: row.id,
      name: row.name,
      role: row.role,
      teamId: row.teamId,
      teamName: row.team.name,
      userId: row.userId,
      username: row.user?.username ?? null,
      ownerRole: membership?.role ?? null,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
      lastUsedAt: row.lastUsedAt,
    };
  }

  async sessionByHash(tokenHash: string): Promise<SessionRecord | undefined> {
    const row = await this.database.client.session.findUnique({
      where: { tokenHash },
      include: {
        team: { select: { name: true } },
        user: { select: { username: true, memberships: { select: { teamId: true, role: true } } } },
        token: { select: { id: true, name: true, role: true, expiresAt: true, revokedAt: true } },
      },
    });
    if (!row) return undefined;
    return {
      id: row.id,
      userId: row.userId,
      username: row.user.username,
      teamId: row.teamId,
      teamName: row.team.name,
      role: row.user.memberships.find((m) => m.teamId === row.teamId)?.role ?? null,
      token: row.token,
      lastUsedAt: row.lastUsedAt,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
    };
  }
}
