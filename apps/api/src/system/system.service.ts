import { Inject, Injectable } from '@nestjs/common';
import type { ContainerDiskUsage, DiskUsage, DiskUsageTotals, ImageDiskUsage, SystemInfo } from '@berth/contracts';
import { APP_CONTEXT, type AppContext } from '../app-context.js';
import { EngineService } from '../engine/engine.service.js';
import { HostCapabilities } from '../engine/host-capabilities.js';
import { BERTH_VERSION } from '../version.js';
import { VolumesService } from '../volumes/volumes.service.js';
import { directorySize } from '../util/dir-size.js';
import { detectCgroupLayout, hostFacts } from './host-facts.js';
import { SystemRepository, type ImageUsageRow } from './system.repository.js';
import { API_VERSION, OCI_RUNTIME_SPEC_VERSION, RUNTIME_VERSION } from './versions.js';
import { writableLayerDir } from '../engine/writable-layer.js';

/** `docker info` and `docker system df`, for the caller's team. */
@Injectable()
export class SystemService {
  constructor(
    @Inject(APP_CONTEXT) private readonly context: AppContext,
    private readonly repository: SystemRepository,
    private readonly volumes: VolumesService,
    private readonly engine: EngineService,
    private readonly capabilities: HostCapabilities,
  ) {}

  async info(teamId: string): Promise<SystemInfo> {
    const [byStatus, images, volumes] = await Promise.all([
      this.repository.containersByStatus(teamId),
      this.repository.imageCount(teamId),
      this.volumes.count(teamId),
    ]);
    const total = Object.values(byStatus).reduce((sum, count) => sum + count, 0);
    const running = byStatus.running ?? 0;
    const paused = byStatus.paused ?? 0;
    return {
      version: BERTH_VERSION,
      apiVersion: API_VERSION,
      runtime: { name: 'berth-runtime', version: RUNTIME_VERSION, ociVersion: OCI_RUNTIME_SPEC_VERSION },
      ...hostFacts(),
      cgroupVersion: detectCgroupLayout(),
      database: this.context.database.mode,
      stateRoot: this.context.config.root,
      // As `docker info`: whatever is neither running nor paused (created ones too) is stopped.
      containers: { total, running, paused, stopped: total - running - paused },
      images,
      volumes,
      capabilities: this.capabilities.list(),
    };
  }

  async diskUsage(teamId: string): Promise<DiskUsage> {
    const [images, containers, volumes] = await Promise.all([this.imageUsage(teamId), this.containerUsage(teamId), this.volumes.diskUsage(teamId)]);
    return { images, containers, volumes };
  }

  /**
   * From the catalogue: a layer shared by several images is counted once, and it is
   * reclaimable only when every image holding it (of any team) is one of this team's
   * images that no container uses, since only then would removing them free it.
   */
  private async imageUsage(teamId: string): Promise<DiskUsageTotals & { items: ImageDiskUsage[] }> {
    const rows = await this.repository.images(teamId);
    const layers = new Map<string, { sizeBytes: bigint; refCount: number; unusedHolders: number }>();
    for (const image of rows) {
      for (const layer of image.layers) {
        const entry = layers.get(layer.chainId) ?? { sizeBytes: layer.sizeBytes, refCount: layer.refCount, unusedHolders: 0 };
        if (image.containers === 0) entry.unusedHolders += 1;
        layers.set(layer.chainId, entry);
      }
    }
    const all = [...layers.values()];
    return {
      count: rows.length,
      active: rows.filter((image) => image.containers > 0).length,
      totalBytes: sumBytes(all),
      reclaimableBytes: sumBytes(all.filter((layer) => layer.unusedHolders >= layer.refCount)),
      truncated: false,
      items: rows.map(toImageUsage),
    };
  }

  /** From the disk: each container's writable layer, walked. */
  private async containerUsage(teamId: string): Promise<DiskUsageTotals & { items: ContainerDiskUsage[] }> {
    const usage = { count: 0, active: 0, totalBytes: 0, reclaimableBytes: 0, truncated: false, items: [] as ContainerDiskUsage[] };
    for (const container of await this.repository.containers(teamId)) {
      const size = await directorySize(writableLayerDir(this.engine.paths, container.id));
      const active = container.status === 'running' || container.status === 'paused';
      usage.count += 1;
      usage.totalBytes += size.bytes;
      usage.truncated ||= size.truncated;
      if (active) usage.active += 1;
      else usage.reclaimableBytes += size.bytes;
      usage.items.push({ id: container.id, name: container.name, status: container.status, sizeBytes: size.bytes });
    }
    return usage;
  }
}

function sumBytes(layers: { sizeBytes: bigint }[]): number {
  return Number(layers.reduce((sum, layer) => sum + layer.sizeBytes, 0n));
}

function toImageUsage(image: ImageUsageRow): ImageDiskUsage {
  return { id: image.id, digest: image.digest, repoTags: image.repoTags, sizeBytes: Number(image.sizeBytes), containers: image.containers };
}
