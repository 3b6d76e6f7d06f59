import { Injectable } from '@nestjs/common';
import { ContainerBundles } from '../engine/container-bundle.js';
import { RuntimeAdapter } from '../engine/runtime-adapter.js';

/** Docker's json-file defaults are unbounded; Berth keeps 3 × 10 MiB per container. */
const LOG_MAX_SIZE = 10 * 1024 * 1024;
const LOG_MAX_FILES = 3;

/**
 * Turns an API container into a runtime container on its bundle: the overlay's writable layer
 * and the log live there, so a container re-created on every start keeps both.
 */
@Injectable()
export class ContainerLauncher {
  constructor(
    private readonly runtime: RuntimeAdapter,
    private readonly bundles: ContainerBundles,
  ) {}

  async create(id: string, options: { privileged?: boolean; lowerDirs: string[] }): Promise<void> {
    const bundle = this.bundles.layout(id);
    await this.runtime.create(id, {
      bundle: bundle.dir,
      overlay: { lowerDirs: options.lowerDirs, upperDir: bundle.upper, workDir: bundle.work },
      log: { dir: bundle.log, maxSize: LOG_MAX_SIZE, maxFiles: LOG_MAX_FILES },
      privileged: options.privileged,
    });
  }
}
