import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DatabaseService } from '../database/database.service.js';
import type { Principal } from './principal.js';

export const DEFAULT_TEAM_NAME = 'default';

/**
 * The team that owns everything until tokens and teams are in place: made on first start, so
 * a fresh install has somewhere to put containers and images.
 */
@Injectable()
export class DefaultTeamService implements OnApplicationBootstrap {
  private team: { id: string; name: string } | undefined;

  constructor(private readonly database: DatabaseService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensure();
  }

  async ensure(): Promise<{ id: string; name: string }> {
    this.team ??= await this.database.client.team.upsert({
      where: { name: DEFAULT_TEAM_NAME },
      create: { name: DEFAULT_TEAM_NAME },
      update: {},
      select: { id: true, name: true },
    });
    return this.team;
  }

  /** The principal of a request while there is no authentication: admin of the default team. */
  async principal(): Promise<Principal> {
    const team = await this.ensure();
    return { teamId: team.id, teamName: team.name, role: 'admin' };
  }
}
