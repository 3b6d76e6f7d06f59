import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DatabaseService } from '../database/database.service.js';

export const DEFAULT_TEAM_NAME = 'default';

/**
 * The team a fresh install starts with: its first administrator's, and the owner of images
 * found in the store that no team has catalogued (the seeded busybox).
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
}
