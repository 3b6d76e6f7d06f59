import { Injectable } from '@nestjs/common';
import type { ContainerStatus } from '@berth/runtime/model';
import { DatabaseService } from '../database/database.service.js';

/** Containers of every team: /metrics is the operator's view of the host. */
@Injectable()
export class MetricsRepository {
  constructor(private readonly database: DatabaseService) {}

  async countsByStatus(): Promise<Partial<Record<ContainerStatus, number>>> {
    const groups = await this.database.client.container.groupBy({ by: ['status'], _count: { _all: true } });
    return Object.fromEntries(groups.map((group) => [group.status, group._count._all]));
  }

  /** Those with a cgroup to read. */
  live(): Promise<{ id: string; name: string }[]> {
    return this.database.client.container.findMany({
      where: { status: { in: ['running', 'paused'] } },
      select: { id: true, name: true },
      orderBy: { id: 'asc' },
    });
  }
}
