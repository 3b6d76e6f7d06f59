import { Injectable } from '@nestjs/common';
import { Models } from '@berth/db';
import { DatabaseService } from '../database/database.service.js';
import type { Role } from '../auth/access-rule.js';

export interface UserRow {
  id: string;
  username: string;
  displayName: string | null;
  passwordHash: string | null;
}

export interface MembershipRow {
  teamId: string;
  teamName: string;
  role: Role;
}

export interface MemberRow {
  username: string;
  displayName: string | null;
  role: Role;
  createdAt: Date;
}

/** Users, teams and who belongs where. */
@Injectable()
export class TeamsRepository {
  constructor(private readonly database: DatabaseService) {}

  private get db() {
    return this.database.client;
  }

  userByUsername(username: string): Promise<UserRow | null> {
    return this.db.user.findUnique({ where: { username }, select: { id: true, username: true, displayName: true, passwordHash: true } });
  }

  userById(id: string): Promise<UserRow | null> {
    return this.db.user.findUnique({ where: { id }, select: { id: true, username: true, displayName: true, passwordHash: true } });
  }

  async countUsers(): Promise<number> {
    return this.db.user.count();
  }

  async createUser(user: { username: string; displayName?: string | null; passwordHash: string | null }): Promise<UserRow> {
    return this.db.user.create({ data: user, select: { id: true, username: true, displayName: true, passwordHash: true } });
  }

  async setPassword(userId: string, passwordHash: string): Promise<void> {
    await this.db.user.update({ where: { id: userId }, data: { passwordHash } });
  }

  /** The user's teams, oldest membership first (the first is where a sign-in lands). */
  async membershipsOf(userId: string): Promise<MembershipRow[]> {
    const rows = await this.db.membership.findMany({ where: { userId }, orderBy: { createdAt: 'asc' }, include: { team: { select: { name: true } } } });
    return rows.map((row) => ({ teamId: row.teamId, teamName: row.team.name, role: row.role }));
  }

  teamByName(name: string): Promise<{ id: string; name: string } | null> {
    return this.db.team.findUnique({ where: { name }, select: { id: true, name: true } });
  }

  /** Null when the name is taken. */
  async createTeamWithAdmin(name: string, userId: string): Promise<{ id: string; name: string } | null> {
    try {
      return await this.db.team.create({ data: { name, memberships: { create: { userId, role: 'admin' } } }, select: { id: true, name: true } });
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  async members(teamId: string): Promise<MemberRow[]> {
    const rows = await this.db.membership.findMany({
      where: { teamId },
      orderBy: { createdAt: 'asc' },
      include: { user: { select: { username: true, displayName: true } } },
    });
    return rows.map((row) => ({ username: row.user.username, displayName: row.user.displayName, role: row.role, createdAt: row.createdAt }));
  }

  async member(teamId: string, username: string): Promise<(MemberRow & { userId: string }) | null> {
    const row = await this.db.membership.findFirst({
      where: { teamId, user: { username } },
      include: { user: { select: { username: true, displayName: true } } },
    });
    return row && { userId: row.userId, username: row.user.username, displayName: row.user.displayName, role: row.role, createdAt: row.createdAt };
  }

  /** False when the user is already a member. */
  async addMember(teamId: string, userId: string, role: Role): Promise<boolean> {
    try {
      await this.db.membership.create({ data: { teamId, userId, role } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /**
   * Changes or removes a membership unless that would leave the team without an admin: the
   * check and the change are one serializable transaction, so two admins demoting each other
   * at once cannot both succeed.
   */
  async changeMembership(teamId: string, userId: string, change: { role: Role } | 'remove'): Promise<'done' | 'last-admin'> {
    return this.db.$transaction(
      async (tx) => {
        const current = await tx.membership.findUniqueOrThrow({ where: { teamId_userId: { teamId, userId } } });
        const losesAdmin = current.role === 'admin' && (change === 'remove' || change.role !== 'admin');
        if (losesAdmin && (await tx.membership.count({ where: { teamId, role: 'admin' } })) <= 1) return 'last-admin';
        if (change === 'remove') await tx.membership.delete({ where: { teamId_userId: { teamId, userId } } });
        else await tx.membership.update({ where: { teamId_userId: { teamId, userId } }, data: { role: change.role } });
        return 'done';
      },
      { isolationLevel: Models.Prisma.TransactionIsolationLevel.Serializable },
    );
  }
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Models.Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
