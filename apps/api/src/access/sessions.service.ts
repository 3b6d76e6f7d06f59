import { HttpStatus, Injectable } from '@nestjs/common';
import type { WhoAmI } from '@berth/contracts';
import { ProblemException } from '../http/problem.js';
import { TeamsRepository } from '../teams/teams.repository.js';
import { accessErrors } from '../auth/access-errors.js';
import { Authenticator } from './authenticator.service.js';
import { hashPassword, verifyDecoy, verifyPassword } from '../auth/password-hash.js';
import { checkPasswordStrength } from '../auth/password-policy.js';
import { LoginThrottle } from './login-throttle.service.js';
import { roleAtLeast } from '../auth/access-rule.js';
import type { Principal } from '../auth/principal.js';
import { hashSecret, newSecret } from '../auth/secrets.js';
import { SESSION_MAX_AGE_MS } from './session-cookies.js';
import { SessionsRepository } from './sessions.repository.js';

/** Throttling bucket of sign-ins with a token (no username to count by). */
const TOKEN_LOGIN = '(token)';

export interface Client {
  ip: string;
  userAgent: string | null;
}

/** Console sign-in and sign-out, team switching, password changes. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly teams: TeamsRepository,
    private readonly throttle: LoginThrottle,
    private readonly authenticator: Authenticator,
  ) {}

  /** Checks the password and opens a session in the user's first team; the secret goes in the cookie. */
  async loginWithPassword(username: string, password: string, client: Client): Promise<{ secret: string; principal: Principal }> {
    await this.throttle.check(username, client.ip);
    const user = await this.teams.userByUsername(username);
    const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : await verifyDecoy(password);
    await this.throttle.record(username, client.ip, ok);
    if (!ok || !user) throw accessErrors.loginFailed();
    const first = (await this.teams.membershipsOf(user.id))[0];
    if (!first) throw new ProblemException(HttpStatus.FORBIDDEN, 'NO_TEAM', `${username} belongs to no team: ask a team admin to add you`);
    return this.open(user.id, user.username, first, client);
  }

  /** Exchanges a user's API token for a session in the token's team (how the first admin signs in). */
  async loginWithToken(token: string, client: Client): Promise<{ secret: string; principal: Principal }> {
    await this.throttle.check(TOKEN_LOGIN, client.ip);
    const authentication = await this.authenticator.authenticate({ headers: { authorization: `Bearer ${token}` } }).catch(async (error: unknown) => {
      await this.throttle.record(TOKEN_LOGIN, client.ip, false);
      throw error;
    });
    const principal = authentication!.principal;
    if (!principal.userId || !principal.username) throw accessErrors.needsUser('signing in to the console');
    // The session stays bound to the token: its team, at most its role, and no longer than it lives.
    const team = { teamId: principal.teamId, teamName: principal.teamName, role: principal.role };
    const opened = await this.open(principal.userId, principal.username, team, client, principal.tokenId);
    return { ...opened, principal: { ...opened.principal, tokenId: principal.tokenId, tokenName: principal.tokenName } };
  }

  async logout(principal: Principal): Promise<void> {
    if (!principal.sessionId) throw accessErrors.needsUser('signing out (a token is revoked with DELETE /api/v1/tokens/{id}) —');
    await this.sessions.revoke(principal.sessionId);
  }

  async switchTeam(principal: Principal, teamName: string): Promise<void> {
    if (!principal.sessionId || !principal.userId) throw accessErrors.needsUser('switching teams (a token belongs to one team) —');
    if (principal.tokenId) throw accessErrors.boundToToken('switching teams');
    const membership = (await this.teams.membershipsOf(principal.userId)).find((m) => m.teamName === teamName);
    // The same answer for "no such team" and "not yours": team names are not for strangers.
    if (!membership) throw new ProblemException(HttpStatus.NOT_FOUND, 'TEAM_NOT_FOUND', `you are not a member of a team called ${teamName}`);
    await this.sessions.switchTeam(principal.sessionId, membership.teamId);
  }

  async changePassword(principal: Principal, currentPassword: string | undefined, newPassword: string): Promise<void> {
    if (!principal.userId) throw accessErrors.needsUser('changing a password');
    const user = await this.teams.userById(principal.userId);
    if (!user) throw accessErrors.notMember();
    // A password opens the whole account: a token (or a session opened with one) weaker than the account may not set it.
    if (principal.tokenId && (await this.teams.membershipsOf(user.id)).some((membership) => !roleAtLeast(principal.role, membership.role))) {
      throw accessErrors.boundToToken(`changing the password of ${user.username}, whose role is above the token's,`);
    }
    // A user without a password yet (the first admin, signed in with the bootstrap token) sets one.
    if (user.passwordHash && !(currentPassword !== undefined && (await verifyPassword(user.passwordHash, currentPassword)))) {
      throw new ProblemException(HttpStatus.FORBIDDEN, 'PASSWORD_MISMATCH', 'the current password is wrong');
    }
    checkPasswordStrength(newPassword);
    await this.teams.setPassword(user.id, await hashPassword(newPassword));
    await this.sessions.revokeOthers(user.id, principal.sessionId);
  }

  async whoAmI(principal: Principal): Promise<WhoAmI> {
    // A token, and a session opened with one, act in the token's team only.
    const teams =
      principal.userId && !principal.tokenId
        ? (await this.teams.membershipsOf(principal.userId)).map((m) => ({ id: m.teamId, name: m.teamName, role: m.role }))
        : [{ id: principal.teamId, name: principal.teamName, role: principal.role }];
    return {
      user: principal.userId && principal.username ? { id: principal.userId, username: principal.username } : null,
      team: { id: principal.teamId, name: principal.teamName },
      role: principal.role,
      via: principal.sessionId ? 'session' : 'token',
      token: principal.tokenId && principal.tokenName ? { id: principal.tokenId, name: principal.tokenName } : null,
      teams,
    };
  }

  private async open(userId: string, username: string, team: { teamId: string; teamName: string; role: Principal['role'] }, client: Client, tokenId?: string) {
    const secret = newSecret();
    const { id } = await this.sessions.create({
      tokenHash: hashSecret(secret),
      userId,
      teamId: team.teamId,
      ...(tokenId ? { tokenId } : {}),
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 256) ?? null,
      expiresAt: new Date(Date.now() + SESSION_MAX_AGE_MS),
    });
    return { secret, principal: { teamId: team.teamId, teamName: team.teamName, role: team.role, userId, username, sessionId: id } };
  }
}
