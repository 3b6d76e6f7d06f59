import type { IncomingMessage } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONTEXT, type AppContext } from '../app-context.js';
import { Authenticator } from '../access/authenticator.service.js';
import { roleAtLeast, type Role } from '../auth/access-rule.js';
import type { Principal } from '../auth/principal.js';
import { TeamsRepository } from '../teams/teams.repository.js';
import { DockerError } from './docker-errors.js';

/** Which listener a request came in on: the socket's file mode is its authentication. */
export type DockerListenerKind = 'socket' | 'tcp';

/**
 * Who a Docker API call acts as. Over TCP, the bearer token the docker CLI sends from
 * `~/.docker/config.json` `HttpHeaders` — with its team and role, exactly as on REST.
 * On the unix socket (root and the `berth` group only, like Docker's), the configured
 * member of the configured team, looked up on every call so a role change or removal
 * takes effect at once.
 */
@Injectable()
export class DockerIdentity {
  constructor(
    @Inject(APP_CONTEXT) private readonly context: AppContext,
    private readonly authenticator: Authenticator,
    private readonly teams: TeamsRepository,
  ) {}

  async principalOf(request: IncomingMessage, via: DockerListenerKind): Promise<Principal> {
    return via === 'tcp' ? this.byToken(request) : this.socketIdentity();
  }

  /** The role a route needs, as a Docker-shaped 403. */
  require(principal: Principal, needed: Role): void {
    if (!roleAtLeast(principal.role, needed)) {
      throw new DockerError(403, `ROLE_REQUIRED: this needs the ${needed} role; the caller is ${principal.role} in team ${principal.teamName}`);
    }
  }

  private async byToken(request: IncomingMessage): Promise<Principal> {
    if (!/^Bearer\s/i.test(request.headers.authorization ?? '')) {
      throw new DockerError(
        401,
        'UNAUTHENTICATED: Berth\'s Docker API over TCP needs an API token: add {"HttpHeaders": {"Authorization": "Bearer <token>"}} to ~/.docker/config.json',
      );
    }
    const authentication = await this.authenticator.authenticate({ headers: request.headers } as never);
    return authentication!.principal;
  }

  private async socketIdentity(): Promise<Principal> {
    const { socketUser, socketTeam } = this.context.config.dockerApi;
    const team = await this.teams.teamByName(socketTeam);
    const member = team && (await this.teams.member(team.id, socketUser));
    if (!team || !member) {
      throw new DockerError(
        403,
        `DOCKER_SOCKET_IDENTITY: the socket acts as user ${socketUser} of team ${socketTeam}, who is not a member; set BERTH_DOCKER_SOCKET_USER and BERTH_DOCKER_SOCKET_TEAM`,
      );
    }
    return { teamId: team.id, teamName: team.name, role: member.role, userId: member.userId, username: member.username };
  }
}
