import { Injectable } from '@nestjs/common';
import type { ContainerStatus } from '@berth/runtime/model';
import { DatabaseService } from '../database/database.service.js';

export interface ImageUsageRow {
  id: string;
  digest: string;
  repoTags: string[];
  sizeBytes: bigint;
  /** Containers made from it. */
  containers: number;
  layers: { chainId: string; sizeBytes: bigint; refCount: number }[];
}

/** What `system info` and `system df` count, per team. */
@Injectable()
export class SystemRepository {
  constructor(private readonly database: DatabaseService) {}

  async containersByStatus(teamId: string): Promise<Partial<Record<ContainerStatus, number>>> {
    const groups = await this.database.client.container.groupBy({ by: ['status'], where: { teamId }, _count: { _all: true } });
    return Object.fromEntries(groups.map((group) => [group.status, group._count._all]));
  }

  imageCount(teamId: string): Promise<number> {
    return this.database.client.image.count({ where: { teamId } });
  }

  containers(teamId: string): Promise<{ id: string; name: string; status: ContainerStatus }[]> {
    return this.database.client.container.findMany({ where: { teamId }, select: { id: true, name: true, status: true }, orderBy: { createdAt: 'asc' } });
  }

  async images(teamId: string): Promise<ImageUsageRow[]> {
    const rows = await this.database.client.image.findMany({
      where: { teamId },
      include: { _count: { select: { containers: true } }, layers: { include: { layer: { select: { chainId: true, sizeBytes: true, refCount: true } } } } },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map((row) => ({
      id: row.id,
      digest: row.digest,
      repoTags: row.repoTags,
      sizeBytes: row.sizeBytes,
      containers: row._count.containers,
      layers: row.layers.map((entry) => entry.layer),
    }));
  }
}
