import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { LogRecord, ReadLogsOptions } from '@berth/runtime';
import { runtimeId } from './container-names.js';
import { EngineService } from '../engine/engine.service.js';
import { viaRuntime } from '../http/runtime-errors.js';

/** Docker's json-file defaults are unbounded; Berth keeps 3 × 10 MiB per container. */
const LOG_MAX_SIZE = 10 * 1024 * 1024;
const LOG_MAX_FILES = 3;

/**
 * Turns an API container into a runtime container. The API owns the bundle (spec, rootfs
 * mount point), the writable layer and the log under `<root>/bundles/<id>`, so a container
 * re-created on every start keeps its files and its log, as a Docker container does.
 */
@Injectable()
export class ContainerLauncher {
  constructor(private readonly engine: EngineService) {}

  bundleDir(id: string): string {
    return join(this.engine.paths.bundles, id);
  }

  async create(id: string, options: { privileged?: boolean; lowerDirs: string[] }): Promise<void> {
    const bundle = this.bundleDir(id);
    await viaRuntime(() =>
      this.engine.runtime.create(runtimeId(id), {
        bundle,
        overlay: { lowerDirs: options.lowerDirs, upperDir: join(bundle, 'upper'), workDir: join(bundle, 'work') },
        log: { dir: join(bundle, 'log'), maxSize: LOG_MAX_SIZE, maxFiles: LOG_MAX_FILES },
        privileged: options.privileged,
      }),
    );
  }

  logs(id: string, options: ReadLogsOptions): AsyncGenerator<LogRecord> {
    return this.engine.runtime.logs(runtimeId(id), options);
  }
}
