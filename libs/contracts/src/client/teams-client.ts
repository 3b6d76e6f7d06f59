import type { AddMemberRequest, RoleName, TeamMember, TeamMembershipView } from '../access.js';
import { API_PREFIX } from '../api-paths.js';
import type { Page, PageQuery } from '../page.js';
import { allPages } from './all-pages.js';
import type { HttpTransport } from './transport.js';

/** /api/v1/teams and the members of the team you act in (/api/v1/team/members). */
export class TeamsClient {
  constructor(private readonly http: HttpTransport) {}

  /** One page of the teams you belong to. */
  mine(query: PageQuery = {}): Promise<Page<TeamMembershipView>> {
    return this.http.json('GET', `${API_PREFIX}/teams`, { query: { ...query } });
  }

  allMine(): Promise<TeamMembershipView[]> {
    return allPages((page) => this.mine(page));
  }

  create(name: string): Promise<TeamMembershipView> {
    return this.http.json('POST', `${API_PREFIX}/teams`, { json: { name } });
  }

  /** One page of the members of the team you act in. */
  members(query: PageQuery = {}): Promise<Page<TeamMember>> {
    return this.http.json('GET', members(), { query: { ...query } });
  }

  allMembers(): Promise<TeamMember[]> {
    return allPages((page) => this.members(page));
  }

  addMember(request: AddMemberRequest): Promise<TeamMember> {
    return this.http.json('POST', members(), { json: request });
  }

  changeRole(username: string, role: RoleName): Promise<TeamMember> {
    return this.http.json('PUT', members(username), { json: { role } });
  }

  removeMember(username: string): Promise<void> {
    return this.http.json('DELETE', members(username));
  }
}

function members(username?: string): string {
  return `${API_PREFIX}/team/members${username === undefined ? '' : `/${encodeURIComponent(username)}`}`;
}
