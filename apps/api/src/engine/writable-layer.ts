import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundleLayout } from './container-bundle.js';
import type { EnginePaths } from './engine-paths.js';

/**
 * Where a container's writable layer (the overlay upper directory) is: in its API bundle
 * when the containers module made it (kept across restarts), else where the runtime puts it
 * by default, in the container's state directory.
 */
export function writableLayerDir(paths: EnginePaths, containerId: string): string {
  const candidates = [bundleLayout(paths.bundles, containerId).upper, join(paths.containers, containerId, 'upper')];
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0]!;
}
