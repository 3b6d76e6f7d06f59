import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import type {
  CreateVolumeRequest,
  DiskUsageTotals,
  PruneVolumesResponse,
  VolumeDetail,
  VolumeDiskUsage,
  VolumeDriver,
  VolumeListQuery,
  VolumeSummary,
} from '@berth/contracts';
import { EventsService } from '../events/events.service.js';
import { TeamQuotas } from '../quotas/team-quotas.service.js';
import { ProblemException } from '../http/problem.js';
import { KeyedLock } from '../util/keyed-lock.js';
import { matchesLabels, parseLabelFilters } from '../util/label-filter.js';
import { checkVolumeName, generateVolumeName } from './volume-name.js';
import { VolumeStorage } from './volume-storage.js';
import { VolumesRepository, type VolumeRecord } from './volumes.repository.js';

/** What the containers module needs to mount a named volume. */
export interface MountableVolume {
  id: string;
  name: string;
  mountpoint: string;
}

/**
 * Named volumes of a team: a catalogue row and a directory, made and removed together.
 * The row comes first on create (its unique key settles duplicates before anything touches
 * the disk) and goes first on remove (its foreign key settles "in use").
 */
@Injectable()
export class VolumesService {
  private readonly logger = new Logger('Volumes');
  private readonly lock = new KeyedLock();

  constructor(
    private readonly repository: VolumesRepository,
    private readonly storage: VolumeStorage,
    private readonly events: EventsService,
    private readonly quotas: TeamQuotas,
  ) {}

  async create(teamId: string, request: CreateVolumeRequest): Promise<VolumeSummary> {
    const name = request.name === undefined ? generateVolumeName() : checkVolumeName(request.name);
    const volume = await this.lock.run(key(teamId, name), () => this.make(teamId, name, request.driver ?? 'local', request.labels ?? {}));
    if (!volume)
      throw new ProblemException(HttpStatus.CONFLICT, 'VOLUME_EXISTS', `volume ${name} already exists; use it, or create the new one under another name`);
    return toSummary(volume);
  }

  async list(teamId: string, query: VolumeListQuery): Promise<VolumeSummary[]> {
    const labels = parseLabelFilters(query.label);
    const volumes = await this.repository.list(teamId, { nameContains: query.name, dangling: query.dangling });
    return volumes.filter((volume) => matchesLabels(volume.labels, labels)).map(toSummary);
  }

  async inspect(teamId: string, name: string): Promise<VolumeDetail> {
    const volume = await this.find(teamId, name);
    return { ...toSummary(volume), containers: await this.repository.users(volume.id) };
  }

  /**
   * `docker volume rm`. `force` only makes a missing volume no error: a volume that a
   * container mounts is never removed, since the container would lose its data under it.
   */
  async remove(teamId: string, name: string, force = false): Promise<void> {
    checkVolumeName(name);
    await this.lock.run(key(teamId, name), async () => {
      const volume = await this.repository.find(teamId, name);
      if (!volume) {
        if (force) return;
        throw notFound(name);
      }
      if (!(await this.repository.removeIfUnused(volume.id))) {
        const users = await this.repository.users(volume.id);
        // Nothing deleted and nobody mounts it: another API process removed it first.
        if (users.length === 0) {
          if (force) return;
          throw notFound(name);
        }
        const names = [...new Set(users.map((user) => user.name))].join(', ');
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'VOLUME_IN_USE',
          `volume ${name} is in use by container(s) ${names}; remove those containers first (force does not override this)`,
        );
      }
      await this.discard(teamId, volume);
      this.events.record({ teamId, type: 'volume', action: 'destroy', actorId: name, attributes: { driver: volume.driver } });
    });
  }

  /** `docker volume prune`: removes every volume of the team that no container mounts (and that has the labels, if given). */
  async prune(teamId: string, labelFilters: string[] = []): Promise<PruneVolumesResponse> {
    const labels = parseLabelFilters(labelFilters);
    const candidates = (await this.repository.list(teamId, { dangling: true })).filter((volume) => matchesLabels(volume.labels, labels));
    const result: PruneVolumesResponse = { volumesDeleted: [], spaceReclaimedBytes: 0 };
    for (const candidate of candidates) {
      await this.lock.run(key(teamId, candidate.name), async () => {
        const { bytes } = await this.storage.size(teamId, candidate.name);
        // A container may have mounted it since the list was read: then it stays.
        if (!(await this.repository.removeIfUnused(candidate.id))) return;
        await this.discard(teamId, candidate);
        this.events.record({ teamId, type: 'volume', action: 'destroy', actorId: candidate.name, attributes: { driver: candidate.driver } });
        result.volumesDeleted.push(candidate.name);
        result.spaceReclaimedBytes += bytes;
      });
    }
    // Docker's prune event names no volume: it reports what the whole prune freed.
    this.events.record({
      teamId,
      type: 'volume',
      action: 'prune',
      actorId: '',
      attributes: { reclaimed: result.spaceReclaimedBytes, volumesDeleted: result.volumesDeleted.length },
    });
    return result;
  }

  /**
   * The volume to mount for `docker run -v name:/path`: the team's volume of that name,
   * created (with a `create` event) when it has none, and its directory made again if
   * someone removed it. The caller inserts the ContainerVolume row that marks it in use;
   * until then a prune may remove it, and that insert then fails on its foreign key.
   * An invalid name is a 400 INVALID_VOLUME_NAME ProblemException.
   */
  async resolveForMount(teamId: string, name: string): Promise<MountableVolume> {
    checkVolumeName(name);
    return this.lock.run(key(teamId, name), async () => {
      const existing = await this.repository.find(teamId, name);
      if (existing) {
        await this.storage.create(teamId, name);
        return { id: existing.id, name, mountpoint: existing.mountpoint };
      }
      // Null only when another API process made it between find and insert.
      const volume = (await this.make(teamId, name, 'local', {})) ?? (await this.find(teamId, name));
      return { id: volume.id, name, mountpoint: volume.mountpoint };
    });
  }

  /** Each volume's size on disk, for `system df`. */
  async diskUsage(teamId: string): Promise<DiskUsageTotals & { items: VolumeDiskUsage[] }> {
    const usage = { count: 0, active: 0, totalBytes: 0, reclaimableBytes: 0, truncated: false, items: [] as VolumeDiskUsage[] };
    for (const volume of await this.repository.list(teamId)) {
      const size = await this.storage.size(teamId, volume.name);
      usage.count += 1;
      usage.totalBytes += size.bytes;
      usage.truncated ||= size.truncated;
      if (volume.refCount > 0) usage.active += 1;
      else usage.reclaimableBytes += size.bytes;
      usage.items.push({ name: volume.name, sizeBytes: size.bytes, refCount: volume.refCount });
    }
    return usage;
  }

  count(teamId: string): Promise<number> {
    return this.repository.count(teamId);
  }

  private async find(teamId: string, name: string): Promise<VolumeRecord> {
    const volume = await this.repository.find(teamId, checkVolumeName(name));
    if (!volume) throw notFound(name);
    return volume;
  }

  /**
   * Row, then directory, then event; null when the name is taken. A directory left by an
   * earlier remove that could not delete it is taken over with its data, as Docker's local
   * driver does.
   */
  private async make(teamId: string, name: string, driver: VolumeDriver, labels: Record<string, string>): Promise<VolumeRecord | null> {
    await this.quotas.requireVolumeRoom(async () => (await this.diskUsage(teamId)).totalBytes);
    const volume = await this.repository.insert({ teamId, name, driver, labels, mountpoint: this.storage.mountpoint(teamId, name) });
    if (!volume) return null;
    try {
      await this.storage.create(teamId, name);
    } catch (error) {
      await this.repository.delete(volume.id);
      throw new ProblemException(
        HttpStatus.INTERNAL_SERVER_ERROR,
        'VOLUME_CREATE_FAILED',
        `could not make the directory ${volume.mountpoint} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check that the state root is writable and has space`,
      );
    }
    this.events.record({ teamId, type: 'volume', action: 'create', actorId: name, attributes: { driver } });
    return volume;
  }

  /** The row is gone already: a directory that will not go is logged, not reported, since the volume no longer exists. */
  private async discard(teamId: string, volume: VolumeRecord): Promise<void> {
    try {
      await this.storage.remove(teamId, volume.name);
    } catch (error) {
      this.logger.error(`volume ${volume.name} was removed but its directory ${volume.mountpoint} could not be: ${(error as Error).message}`);
    }
  }
}

function key(teamId: string, name: string): string {
  return `${teamId}/${name}`;
}

function notFound(name: string): ProblemException {
  return new ProblemException(HttpStatus.NOT_FOUND, 'VOLUME_NOT_FOUND', `no such volume: ${name}; list them with GET /api/v1/volumes`);
}

function toSummary(volume: VolumeRecord): VolumeSummary {
  return {
    name: volume.name,
    driver: volume.driver,
    scope: 'local',
    mountpoint: volume.mountpoint,
    labels: volume.labels,
    createdAt: volume.createdAt.toISOString(),
    refCount: volume.refCount,
  };
}
