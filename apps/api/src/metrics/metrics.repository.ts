import { Injectable } from '@nestjs/common';
import type { ContainerStatus } from '@berth/runtime/model';
import { DatabaseService } from '../database/database.service.js';

/** The containers of one team: a scrape sees what its token's team may see. */
@Injectable()
export class MetricsRepository {
  constructor(private readonly database: DatabaseService) {}

  async countsByStatus(teamId: string): Promise<Partial<Record<ContainerStatus, number>>> {
    const groups = await this.database.client.container.groupBy({ by: ['status'], where: { teamId }, _count: { _all: true } });
    return Object.fromEntries(groups.map((group) => [group.status, group._count._all]));
  }

  /** Those with a cgroup to read. */
  live(teamId: string): Promise<{ id: string; name: string }[]> {
    return this.database.client.container.findMany({
      where: { teamId, status: { in: ['running', 'paused'] } },
      select: { id: true, name: true },
      orderBy: { id: 'asc' },
    });
  }
}
