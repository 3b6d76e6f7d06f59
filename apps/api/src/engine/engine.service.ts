import { chmodSync, mkdirSync } from 'node:fs';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ImageStore } from '@berth/images';
import { Runtime, Trash } from '@berth/runtime';
import { APP_CONTEXT, type AppContext } from '../app-context.js';
import { enginePaths, type EnginePaths } from './engine-paths.js';

/**
 * The container runtime and the image store of this API process, on the state root. One of
 * each: the runtime keeps a small fork server for fast creates, which close() stops.
 */
@Injectable()
export class EngineService implements OnApplicationShutdown {
  readonly paths: EnginePaths;
  readonly runtime: Runtime;
  readonly images: ImageStore;
  /** Bundles (writable layers) of removed containers, removed off the request path. */
  readonly bundleTrash: Trash;

  constructor(@Inject(APP_CONTEXT) context: AppContext) {
    this.paths = enginePaths(context.config.root);
    // Volumes and bundles (writable layers) hold what containers wrote, setuid binaries included:
    // no other host user may reach them (CVE-2021-41091). Mounts are made as root, so nothing
    // else needs to traverse them. Directories of older installs are tightened too.
    for (const dir of [this.paths.volumes, this.paths.bundles]) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700);
    }
    // A removal answers once the container is gone from the kernel; its files go in the background.
    this.runtime = new Runtime({ root: this.paths.containers, cgroupParent: this.paths.cgroupParent, removeInBackground: true });
    this.bundleTrash = new Trash(this.paths.bundles);
    this.bundleTrash.emptyLeftovers();
    this.images = new ImageStore(this.paths.images);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.close();
    await this.bundleTrash.settled();
    // Containers outlive the API, and keep their cgroup parent; with none left it goes too.
    if ((await this.runtime.list()).length === 0) await this.runtime.sweepOrphans();
  }
}
