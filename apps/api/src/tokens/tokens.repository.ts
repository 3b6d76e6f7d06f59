import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service.js';
import type { Role } from '../auth/access-rule.js';

export interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  owner: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

const SELECT = {
  id: true,
  name: true,
  prefix: true,
  role: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
  user: { select: { username: true } },
} as const;

@Injectable()
export class TokensRepository {
  constructor(private readonly database: DatabaseService) {}

  async create(token: {
    name: string;
    tokenHash: string;
    prefix: string;
    role: Role;
    teamId: string;
    userId: string | null;
    expiresAt: Date | null;
  }): Promise<TokenRow> {
    return rowOf(await this.database.client.apiToken.create({ data: token, select: SELECT }));
  }

  async list(teamId: string): Promise<TokenRow[]> {
    const rows = await this.database.client.apiToken.findMany({ where: { teamId }, orderBy: { createdAt: 'desc' }, select: SELECT });
    return rows.map(rowOf);
  }

  /** Null when the team has no such token. Revoking twice keeps the first time. */
  async revoke(teamId: string, id: string, at = new Date()): Promise<TokenRow | null> {
    await this.database.client.apiToken.updateMany({ where: { id, teamId, revokedAt: null }, data: { revokedAt: at } });
    const row = await this.database.client.apiToken.findFirst({ where: { id, teamId }, select: SELECT });
    return row && rowOf(row);
  }

  /** Bootstrap tokens of a user not matching the configured one: replaced when BERTH_ADMIN_TOKEN changes. */
  async revokeBootstrapExcept(userId: string, tokenHash: string, name: string): Promise<void> {
    await this.database.client.apiToken.updateMany({
      where: { userId, name, revokedAt: null, tokenHash: { not: tokenHash } },
      data: { revokedAt: new Date() },
    });
  }

  async existsWithHash(tokenHash: string): Promise<boolean> {
    return (await this.database.client.apiToken.count({ where: { tokenHash } })) > 0;
  }
}

function rowOf(row: { user: { username: string } | null } & Omit<TokenRow, 'owner'>): TokenRow {
  const { user, ...rest } = row;
  return { ...rest, owner: user?.username ?? null };
}
