import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** Where the engine keeps things under the state root (the layout `docker info` would call its root dir). */
export interface EnginePaths {
  containers: string;
  images: string;
  volumes: string;
  /** Per API container: its bundle (config.json, rootfs mount point), writable layer and log, kept across restarts. */
  bundles: string;
  /** Parent of the containers' cgroups, below the API's own cgroup in every hierarchy. */
  cgroupParent: string;
}

/**
 * The cgroup parent is named after the state root: two Berth instances (or test apps) on one
 * host never share it, because the startup sweep removes every cgroup there that its own
 * root does not know.
 */
export function enginePaths(root: string): EnginePaths {
  const tag = createHash('sha256').update(root).digest('hex').slice(0, 8);
  return {
    containers: join(root, 'containers'),
    images: join(root, 'images'),
    volumes: join(root, 'volumes'),
    bundles: join(root, 'bundles'),
    cgroupParent: `berth-${tag}`,
  };
}
