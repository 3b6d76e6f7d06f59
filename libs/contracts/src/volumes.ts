import type { PageQuery } from './page.js';

/**
 * Named volumes, as `docker volume` has them: a directory on the host that outlives the
 * containers mounting it. The console validates names with the same rule as the API.
 */

/** Docker's rule for local volume names; at most 128 characters. */
export const VOLUME_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

export const VOLUME_DRIVERS = ['local'] as const;
export type VolumeDriver = (typeof VOLUME_DRIVERS)[number];

/**
 * Whether `name` may name a volume. `..` is refused anywhere in it (the pattern alone allows
 * `a..b`) so that no name reads like a path step; `/` never matches the pattern.
 */
export function isValidVolumeName(name: string): boolean {
  return VOLUME_NAME_PATTERN.test(name) && !name.includes('..');
}

/** `POST /api/v1/volumes`. Without a name the server makes one (64 hex digits, like Docker). */
export interface CreateVolumeRequest {
  name?: string;
  driver?: VolumeDriver;
  labels?: Record<string, string>;
}

/** One entry of `GET /api/v1/volumes`. */
export interface VolumeSummary {
  name: string;
  driver: VolumeDriver;
  scope: 'local';
  /** The host directory mounted into containers. */
  mountpoint: string;
  labels: Record<string, string>;
  /** RFC 3339. */
  createdAt: string;
  /** How many containers mount it (Docker's UsageData.RefCount); 0 means dangling. */
  refCount: number;
}

/** A container that mounts a volume. */
export interface VolumeContainerRef {
  id: string;
  name: string;
  /** Where the volume appears inside the container. */
  destination: string;
  readOnly: boolean;
}

/** `GET /api/v1/volumes/{name}`. */
export interface VolumeDetail extends VolumeSummary {
  containers: VolumeContainerRef[];
}

/** Query of `GET /api/v1/volumes`; filters combine with AND, repeated labels too. */
export interface VolumeListQuery extends PageQuery {
  /** Part of the name. */
  name?: string;
  /** `key` (has the label) or `key=value`. */
  label?: string[];
  /** true: only volumes no container mounts; false: only mounted ones. */
  dangling?: boolean;
}

/** `POST /api/v1/volumes/prune`: every volume no container mounts is removed. */
export interface PruneVolumesResponse {
  volumesDeleted: string[];
  spaceReclaimedBytes: number;
}
