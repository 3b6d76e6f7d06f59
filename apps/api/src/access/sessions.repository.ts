import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service.js';

@Injectable()
export class SessionsRepository {
  constructor(private readonly database: DatabaseService) {}

  async create(session: {
    tokenHash: string;
    userId: string;
    teamId: string;
    /** Set when the session is opened with an API token: it stays bound to it. */
    tokenId?: string;
    ip: string | null;
    userAgent: string | null;
    expiresAt: Date;
  }): Promise<{ id: string }> {
    return this.database.client.session.create({ data: session, select: { id: true } });
  }

  async revoke(id: string, at = new Date()): Promise<void> {
    await this.database.client.session.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
  }

  /** Ends every other session of the user (after a password change). */
  async revokeOthers(userId: string, keepId: string | undefined, at = new Date()): Promise<void> {
    await this.database.client.session.updateMany({ where: { userId, revokedAt: null, ...(keepId ? { id: { not: keepId } } : {}) }, data: { revokedAt: at } });
  }

  async switchTeam(id: string, teamId: string): Promise<void> {
    await this.database.client.session.update({ where: { id }, data: { teamId } });
  }
}
