import type { ContainerStatus, HostCapability } from '@berth/runtime/model';

/** Containers of the caller's team by state, as `docker info` counts them (created ones count as stopped). */
export interface ContainerCounts {
  total: number;
  running: number;
  paused: number;
  stopped: number;
}

/** `GET /api/v1/system/info`: what the console's dashboard shows about the host. */
export interface SystemInfo {
  /** The Berth server's release. */
  version: string;
  /** The REST API's version: the `/api/v1` in every path. */
  apiVersion: string;
  runtime: {
    name: 'berth-runtime';
    version: string;
    /** The OCI runtime-spec version of the bundles it runs. */
    ociVersion: string;
  };
  hostname: string;
  kernel: string;
  os: string;
  architecture: string;
  cpus: number;
  memoryBytes: number;
  /** `v1`, `v2` or `hybrid` (v1 controllers with a v2 hierarchy beside them). */
  cgroupVersion: 'v1' | 'v2' | 'hybrid' | 'none';
  database: 'embedded' | 'external';
  stateRoot: string;
  /** Of the caller's team. */
  containers: ContainerCounts;
  images: number;
  volumes: number;
  /**
   * What this host can do, from the tools Berth spawns: `bridge-networking` off (iptables missing)
   * means bridge networks and published ports are refused with NETWORKING_UNAVAILABLE.
   */
  capabilities: HostCapability[];
}

/** One kind of thing in `GET /api/v1/system/df`, as a row of `docker system df`. */
export interface DiskUsageTotals {
  count: number;
  /** In use: images with containers, running or paused containers, mounted volumes. */
  active: number;
  totalBytes: number;
  /** What removing the unused ones would free. */
  reclaimableBytes: number;
  /** A directory walk stopped at its bound: the sizes are lower bounds. */
  truncated: boolean;
}

export interface ImageDiskUsage {
  id: string;
  digest: string;
  repoTags: string[];
  sizeBytes: number;
  /** Containers of the team made from it. */
  containers: number;
}

export interface ContainerDiskUsage {
  id: string;
  name: string;
  status: ContainerStatus;
  /** The writable layer (the overlay upper directory). */
  sizeBytes: number;
}

export interface VolumeDiskUsage {
  name: string;
  sizeBytes: number;
  /** Containers that mount it. */
  refCount: number;
}

/**
 * `GET /api/v1/system/df`, for the caller's team. Image sizes are the catalogue's (layers
 * as stored, each layer counted once); containers' writable layers and volumes are measured on
 * disk.
 */
export interface DiskUsage {
  images: DiskUsageTotals & { items: ImageDiskUsage[] };
  containers: DiskUsageTotals & { items: ContainerDiskUsage[] };
  volumes: DiskUsageTotals & { items: VolumeDiskUsage[] };
}
