import { HttpStatus, Injectable } from '@nestjs/common';
import type { AddMemberRequest, TeamMember, TeamMembershipView } from '@berth/contracts';
import { accessErrors } from '../auth/access-errors.js';
import { hashPassword } from '../auth/password-hash.js';
import type { Role } from '../auth/access-rule.js';
import type { Principal } from '../auth/principal.js';
import { checkPasswordStrength } from '../auth/password-policy.js';
import { ProblemException } from '../http/problem.js';
import { TeamsRepository, type MemberRow } from './teams.repository.js';

/** Teams and their members. Members are managed by the team's admins. */
@Injectable()
export class TeamsService {
  constructor(private readonly teams: TeamsRepository) {}

  async mine(principal: Principal): Promise<TeamMembershipView[]> {
    if (!principal.userId) return [{ id: principal.teamId, name: principal.teamName, role: principal.role }];
    return (await this.teams.membershipsOf(principal.userId)).map((m) => ({ id: m.teamId, name: m.teamName, role: m.role }));
  }

  async create(principal: Principal, name: string): Promise<TeamMembershipView> {
    if (!principal.userId) throw accessErrors.needsUser('creating a team');
    const team = await this.teams.createTeamWithAdmin(name, principal.userId);
    if (!team) throw new ProblemException(HttpStatus.CONFLICT, 'TEAM_EXISTS', `a team called ${name} exists: choose another name`);
    return { id: team.id, name: team.name, role: 'admin' };
  }

  async members(principal: Principal): Promise<TeamMember[]> {
    return (await this.teams.members(principal.teamId)).map(memberView);
  }

  async add(principal: Principal, request: AddMemberRequest): Promise<TeamMember> {
    let user = await this.teams.userByUsername(request.username);
    if (user && request.password !== undefined) {
      throw new ProblemException(HttpStatus.CONFLICT, 'USER_EXISTS', `${request.username} already has an account: add them without a password`);
    }
    if (!user) {
      if (request.password === undefined) {
        throw new ProblemException(HttpStatus.BAD_REQUEST, 'PASSWORD_REQUIRED', `${request.username} is new: give a password to create the account`, [
          { field: 'password', message: 'required for a new user' },
        ]);
      }
      checkPasswordStrength(request.password);
      user = await this.teams.createUser({
        username: request.username,
        displayName: request.displayName ?? null,
        passwordHash: await hashPassword(request.password),
      });
    }
    if (!(await this.teams.addMember(principal.teamId, user.id, request.role))) {
      throw new ProblemException(HttpStatus.CONFLICT, 'ALREADY_MEMBER', `${request.username} is already a member of ${principal.teamName}`);
    }
    return memberView((await this.teams.member(principal.teamId, request.username))!);
  }

  async changeRole(principal: Principal, username: string, role: Role): Promise<TeamMember> {
    const member = await this.member(principal, username);
    if ((await this.teams.changeMembership(principal.teamId, member.userId, { role })) === 'last-admin') throw lastAdmin(principal);
    return memberView({ ...member, role });
  }

  async remove(principal: Principal, username: string): Promise<void> {
    const member = await this.member(principal, username);
    if ((await this.teams.changeMembership(principal.teamId, member.userId, 'remove')) === 'last-admin') throw lastAdmin(principal);
  }

  private async member(principal: Principal, username: string) {
    const member = await this.teams.member(principal.teamId, username);
    if (!member) throw new ProblemException(HttpStatus.NOT_FOUND, 'MEMBER_NOT_FOUND', `${username} is not a member of ${principal.teamName}`);
    return member;
  }
}

function memberView(row: MemberRow): TeamMember {
  return { username: row.username, displayName: row.displayName, role: row.role, since: row.createdAt.toISOString() };
}

function lastAdmin(principal: Principal): ProblemException {
  return new ProblemException(HttpStatus.CONFLICT, 'LAST_ADMIN', `${principal.teamName} would have no admin left: make someone else admin first`);
}
