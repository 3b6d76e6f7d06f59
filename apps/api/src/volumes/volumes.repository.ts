import { Injectable } from '@nestjs/common';
import { Models } from '@berth/db';
import type { VolumeContainerRef, VolumeDriver } from '@berth/contracts';
import { DatabaseService } from '../database/database.service.js';
import { escapeLike } from '../database/like-pattern.js';

export interface VolumeRecord {
  id: string;
  name: string;
  driver: VolumeDriver;
  mountpoint: string;
  labels: Record<string, string>;
  createdAt: Date;
  /** Containers that mount it. */
  refCount: number;
}

export interface NewVolume {
  teamId: string;
  name: string;
  driver: VolumeDriver;
  mountpoint: string;
  labels: Record<string, string>;
}

export interface VolumeListFilter {
  nameContains?: string;
  /** true: no container mounts it; false: some container does. */
  dangling?: boolean;
}

type VolumeRow = { id: string; name: string; driver: string; mountpoint: string; labels: unknown; createdAt: Date; _count: { containers: number } };

const WITH_REF_COUNT = { _count: { select: { containers: true } } } as const;

/** The volume catalogue. A ContainerVolume row is what makes a volume in use; its foreign key forbids deleting one that is. */
@Injectable()
export class VolumesRepository {
  constructor(private readonly database: DatabaseService) {}

  /** The new volume, or null when the team already has one of that name. */
  async insert(volume: NewVolume): Promise<VolumeRecord | null> {
    try {
      return toRecord(await this.database.client.volume.create({ data: volume, include: WITH_REF_COUNT }));
    } catch (error) {
      if (isPrismaError(error, 'P2002')) return null;
      throw error;
    }
  }

  async find(teamId: string, name: string): Promise<VolumeRecord | null> {
    const row = await this.database.client.volume.findUnique({ where: { teamId_name: { teamId, name } }, include: WITH_REF_COUNT });
    return row ? toRecord(row) : null;
  }

  async list(teamId: string, filter: VolumeListFilter = {}): Promise<VolumeRecord[]> {
    const rows = await this.database.client.volume.findMany({
      where: {
        teamId,
        ...(filter.nameContains !== undefined ? { name: { contains: escapeLike(filter.nameContains) } } : {}),
        ...(filter.dangling === true ? { containers: { none: {} } } : filter.dangling === false ? { containers: { some: {} } } : {}),
      },
      include: WITH_REF_COUNT,
      orderBy: { name: 'asc' },
    });
    return rows.map(toRecord);
  }

  count(teamId: string): Promise<number> {
    return this.database.client.volume.count({ where: { teamId } });
  }

  /** The containers that mount the volume, by container name. */
  async users(volumeId: string): Promise<VolumeContainerRef[]> {
    const rows = await this.database.client.containerVolume.findMany({
      where: { volumeId },
      include: { container: { select: { name: true } } },
      orderBy: [{ containerId: 'asc' }, { destination: 'asc' }],
    });
    return rows.map((row) => ({ id: row.containerId, name: row.container.name, destination: row.destination, readOnly: row.readOnly }));
  }

  /**
   * Deletes the volume unless a container mounts it. The check and the delete are one
   * statement, and the foreign key catches a mount added meanwhile, so a volume in use is
   * never deleted.
   */
  async removeIfUnused(volumeId: string): Promise<boolean> {
    try {
      const { count } = await this.database.client.volume.deleteMany({ where: { id: volumeId, containers: { none: {} } } });
      return count === 1;
    } catch (error) {
      if (isPrismaError(error, 'P2003')) return false;
      throw error;
    }
  }

  /** Undoes an insert whose directory could not be made. */
  async delete(volumeId: string): Promise<void> {
    await this.database.client.volume.deleteMany({ where: { id: volumeId } });
  }
}

function toRecord(row: VolumeRow): VolumeRecord {
  return {
    id: row.id,
    name: row.name,
    driver: row.driver as VolumeDriver,
    mountpoint: row.mountpoint,
    labels: (row.labels ?? {}) as Record<string, string>,
    createdAt: row.createdAt,
    refCount: row._count.containers,
  };
}

/** P2002: unique constraint; P2003: foreign key constraint. */
function isPrismaError(error: unknown, code: 'P2002' | 'P2003'): boolean {
  return error instanceof Models.Prisma.PrismaClientKnownRequestError && error.code === code;
}
