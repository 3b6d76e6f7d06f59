import { chmodSync, mkdirSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { ImageStore } from '@berth/images';
import { APP_CONTEXT, type AppContext } from '../app-context.js';
import { enginePaths, type EnginePaths } from './engine-paths.js';

/**
 * The state root's layout and the image store of this API process. The container runtime is
 * `RuntimeAdapter`'s, the bundles `ContainerBundles`'.
 */
@Injectable()
export class EngineService {
  readonly paths: EnginePaths;
  readonly images: ImageStore;

  constructor(@Inject(APP_CONTEXT) context: AppContext) {
    this.paths = enginePaths(context.config.root);
    // Volumes and bundles (writable layers) hold what containers wrote, setuid binaries included:
    // no other host user may reach them (CVE-2021-41091). Mounts are made as root, so nothing
    // else needs to traverse them. Directories of older installs are tightened too.
    for (const dir of [this.paths.volumes, this.paths.bundles]) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700);
    }
    this.images = new ImageStore(this.paths.images);
  }
}
