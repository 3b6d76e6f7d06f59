import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { OciSpec } from '@berth/runtime/model';
import { EngineService } from './engine.service.js';
import { Trash } from './runtime-adapter.js';

/**
 * Where an API container's files are, under `<root>/bundles/<id>`. The API owns them, not
 * the runtime, so a container re-created on every start keeps its writable layer and its
 * log, as a Docker container does.
 */
export interface BundleLayout {
  dir: string;
  /** The OCI spec the runtime reads at each create. */
  config: string;
  /** The mount point of the overlay root (`root.path` of the spec is relative to the bundle). */
  rootfs: string;
  /** The container's own /etc/hosts, bind-mounted read-only. */
  hosts: string;
  /** Overlay upper and work directories: the writable layer `commit` reads. */
  upper: string;
  work: string;
  /** The rotated json log. */
  log: string;
}

/** The one place that knows the layout: every other file asks for a path by name. */
export function bundleLayout(bundlesRoot: string, id: string): BundleLayout {
  const dir = join(bundlesRoot, id);
  return {
    dir,
    config: join(dir, 'config.json'),
    rootfs: join(dir, 'rootfs'),
    hosts: join(dir, 'hosts'),
    upper: join(dir, 'upper'),
    work: join(dir, 'work'),
    log: join(dir, 'log'),
  };
}

/** The bundles of this API: made at create, rewritten by update, discarded off the request path. */
@Injectable()
export class ContainerBundles implements OnApplicationShutdown {
  private readonly logger = new Logger('ContainerBundles');
  private readonly root: string;
  /** Bundles (writable layers) of removed containers, removed in the background. */
  private readonly trash: Trash;

  constructor(engine: EngineService) {
    this.root = engine.paths.bundles;
    this.trash = new Trash(this.root);
    this.trash.emptyLeftovers();
  }

  layout(id: string): BundleLayout {
    return bundleLayout(this.root, id);
  }

  /** The directory, the rootfs mount point and the spec: what the runtime's create needs. */
  make(id: string, spec: OciSpec): BundleLayout {
    const layout = this.layout(id);
    mkdirSync(layout.rootfs, { recursive: true, mode: 0o755 });
    this.writeSpec(id, spec);
    return layout;
  }

  /** A new spec takes effect at the container's next create (each start re-creates it). */
  writeSpec(id: string, spec: unknown): void {
    writeFileSync(this.layout(id).config, JSON.stringify(spec));
  }

  /** Moves the bundle out of the way now; its files go in the background (errors only logged). */
  discard(id: string): void {
    void this.trash.discard(this.layout(id).dir)?.catch((error: Error) => this.logger.error(`removing the bundle of ${id}: ${error.message}`));
  }

  /** Ids of the bundles no known container owns (a create that died half-way). */
  orphans(knownIds: readonly string[]): string[] {
    const known = new Set(knownIds);
    // Dot entries are the trash's, not bundles.
    return readdirSync(this.root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !known.has(entry.name))
      .map((entry) => entry.name);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.trash.settled();
  }
}
