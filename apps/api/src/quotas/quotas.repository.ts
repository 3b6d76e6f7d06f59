import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service.js';

/** What a team holds now, as the quotas count it: from the catalogue, never a directory walk. */
@Injectable()
export class QuotasRepository {
  constructor(private readonly database: DatabaseService) {}

  containerCount(teamId: string): Promise<number> {
    return this.database.client.container.count({ where: { teamId } });
  }

  /** The memory limits of the team's containers (any state: a stopped one may start again), `except` one being updated. */
  async memoryLimits(teamId: string, except?: string): Promise<{ total: bigint; unlimited: number }> {
    const [row] = await this.database.client.$queryRaw<{ total: bigint | null; unlimited: bigint }[]>`
      SELECT sum((spec #>> '{linux,resources,memory,limit}')::bigint) AS total,
             count(*) FILTER (WHERE spec #>> '{linux,resources,memory,limit}' IS NULL) AS unlimited
        FROM containers
       WHERE team_id = ${teamId}::uuid AND id <> ${except ?? ''}`;
    return { total: row?.total ?? 0n, unlimited: Number(row?.unlimited ?? 0n) };
  }

  /** The team's images as stored (layers shared with other teams count for each team that holds them). */
  async imageBytes(teamId: string): Promise<bigint> {
    const result = await this.database.client.image.aggregate({ where: { teamId }, _sum: { sizeBytes: true } });
    return result._sum.sizeBytes ?? 0n;
  }
}
