import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { formatBytes } from '@berth/runtime/model';
import { APP_CONTEXT, type AppContext } from '../app-context.js';
import type { TeamQuota } from '../config/berth-config.js';
import { ProblemException } from '../http/problem.js';
import { QuotasRepository } from './quotas.repository.js';

/**
 * What one team may hold on this host (BERTH_TEAM_MAX_*), checked in the plan phase of a
 * request that would add to it, so that a refusal makes nothing. Containers and memory are
 * exact (the catalogue knows every limit); image and volume storage are checked before a pull,
 * build, load, commit or new volume, against what the team holds already — one image or a
 * volume's own writes may take a team past its bound, but nothing more is added until it is
 * back under.
 */
@Injectable()
export class TeamQuotas {
  private readonly quota: TeamQuota;

  constructor(
    @Inject(APP_CONTEXT) context: AppContext,
    private readonly repository: QuotasRepository,
  ) {
    this.quota = context.config.teamQuota;
  }

  /** A new container: one more than the team has (its memory limit is `requireMemoryRoom`'s). */
  async requireContainerRoom(teamId: string): Promise<void> {
    if (this.quota.containers === undefined) return;
    const count = await this.repository.containerCount(teamId);
    if (count >= this.quota.containers) {
      throw exceeded(`the team has ${count} containers, its bound (BERTH_TEAM_MAX_CONTAINERS=${this.quota.containers}); remove some first`);
    }
  }

  /** A memory limit for a new container, or a changed one for `containerId`, within the team's total. */
  async requireMemoryRoom(teamId: string, memoryLimit: number | undefined, containerId?: string): Promise<void> {
    const bound = this.quota.memoryBytes;
    if (bound === undefined) return;
    const { total } = await this.repository.memoryLimits(teamId, containerId);
    const left = Math.max(0, bound - Number(total));
    // Without a limit a container could use all the host has: the team's bound would mean nothing.
    if (memoryLimit === undefined) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'MEMORY_LIMIT_REQUIRED',
        `resources.memory is required: the team's containers may limit ${formatBytes(bound)} of memory in all (BERTH_TEAM_MAX_MEMORY), ${formatBytes(left)} of it left`,
      );
    }
    if (memoryLimit > left) {
      throw exceeded(
        `resources.memory ${formatBytes(memoryLimit)} is more than the ${formatBytes(left)} left of the team's ${formatBytes(bound)} (BERTH_TEAM_MAX_MEMORY); lower it, or remove containers`,
      );
    }
  }

  /** Before a pull, build, load or commit adds an image. */
  async requireImageRoom(teamId: string): Promise<void> {
    const bound = this.quota.imageBytes;
    if (bound === undefined) return;
    const used = Number(await this.repository.imageBytes(teamId));
    if (used >= bound) {
      throw exceeded(
        `the team's images take ${formatBytes(used)}, its bound (BERTH_TEAM_MAX_IMAGE_STORAGE=${formatBytes(bound)}); remove or prune images first`,
      );
    }
  }

  /** Before a new volume; `usedBytes` measures the team's volumes on disk (only called when bounded). */
  async requireVolumeRoom(usedBytes: () => Promise<number>): Promise<void> {
    const bound = this.quota.volumeBytes;
    if (bound === undefined) return;
    const used = await usedBytes();
    if (used >= bound) {
      throw exceeded(
        `the team's volumes take ${formatBytes(used)}, its bound (BERTH_TEAM_MAX_VOLUME_STORAGE=${formatBytes(bound)}); remove or prune volumes first`,
      );
    }
  }
}

function exceeded(detail: string): ProblemException {
  return new ProblemException(HttpStatus.CONFLICT, 'QUOTA_EXCEEDED', detail);
}
