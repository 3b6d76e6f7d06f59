import { isAbsolute, normalize } from 'node:path';
import { HttpStatus } from '@nestjs/common';
import type { MountRequest } from '@berth/contracts';
import { parseBytes } from '@berth/runtime/model';
import { ProblemException } from '../http/problem.js';
import type { ResolvedMount } from './container-spec.js';

/** A named volume a container mounts: found in the catalogue, or made in the make phase. */
export interface PlannedVolume {
  name: string;
  target: string;
  readOnly: boolean;
  /** Not in the catalogue yet: the make phase creates it (as `docker run -v name:/path` does), and its undo removes it. */
  create: boolean;
}

/** What the plan knows of the host and the catalogue, looked up before it runs. */
export interface MountFacts {
  /** The volume's data directory: the catalogue's for an existing one, the storage layout's for a new one. */
  volume: (name: string) => { mountpoint: string; exists: boolean };
  /** Whether a host path exists (bind sources). */
  hostPathExists: (path: string) => boolean;
}

/**
 * `--mount` / `-v` requests → host sources, without making anything: every mount is checked
 * first, and a volume that does not exist yet is planned as data for the make phase, so a
 * bad bind or tmpfs (or any later refusal) never leaves a new volume behind.
 */
export function planMounts(requests: readonly MountRequest[], facts: MountFacts): { mounts: ResolvedMount[]; volumes: PlannedVolume[] } {
  checkMounts(requests, facts.hostPathExists);
  const mounts: ResolvedMount[] = [];
  const volumes: PlannedVolume[] = [];
  for (const request of requests) {
    const target = normalize(request.target);
    const readOnly = request.readOnly ?? false;
    if (request.type === 'tmpfs') {
      mounts.push({ type: 'tmpfs', source: 'tmpfs', target, readOnly, tmpfsBytes: tmpfsBytes(request.tmpfsSize) });
    } else if (request.type === 'bind') {
      mounts.push({ type: 'bind', source: normalize(request.source!), target, readOnly });
    } else {
      const volume = facts.volume(request.source!);
      mounts.push({ type: 'volume', source: volume.mountpoint, target, readOnly });
      volumes.push({ name: request.source!, target, readOnly, create: !volume.exists });
    }
  }
  return { mounts, volumes };
}

/** The refusals of the mount requests alone (paths, duplicates, sizes), before any lookup. */
export function checkMounts(requests: readonly MountRequest[], hostPathExists: (path: string) => boolean = () => true): void {
  const targets = new Set<string>();
  for (const [index, request] of requests.entries()) check(request, `mounts[${index}]`, targets, hostPathExists);
}

function check(request: MountRequest, field: string, targets: Set<string>, hostPathExists: (path: string) => boolean): void {
  if (!isAbsolute(request.target) || request.target.split('/').includes('..'))
    throw invalid(`${field}.target`, `"${request.target}" must be an absolute path without ..`);
  const target = normalize(request.target);
  if (target === '/') throw invalid(`${field}.target`, 'cannot mount over the root');
  if (targets.has(target)) throw invalid(`${field}.target`, `${target} is mounted twice`);
  targets.add(target);
  if (request.type === 'bind') {
    // Who may name a host path is the host-access policy's call, made before this (access/host-access).
    const source = request.source ?? '';
    if (!isAbsolute(source) || source.split('/').includes('..')) throw invalid(`${field}.source`, `"${source}" must be an absolute host path without ..`);
    if (!hostPathExists(source)) throw invalid(`${field}.source`, `${source} does not exist on the host`);
  } else if (request.type === 'volume') {
    if (!request.source) throw invalid(`${field}.source`, 'name the volume');
  } else if (request.source !== undefined) {
    throw invalid(`${field}.source`, 'a tmpfs has no source');
  }
  if (request.tmpfsSize !== undefined && request.type !== 'tmpfs') throw invalid(`${field}.tmpfsSize`, 'only a tmpfs has a size');
  if (request.type === 'tmpfs') tmpfsBytes(request.tmpfsSize, field);
}

function tmpfsBytes(size: string | number | undefined, field = 'mounts'): number | undefined {
  if (size === undefined) return undefined;
  try {
    const bytes = typeof size === 'number' ? size : parseBytes(size);
    if (!Number.isSafeInteger(bytes) || bytes < 4096) throw new Error(`${size} is below 4k`);
    return bytes;
  } catch (error) {
    throw invalid(`${field}.tmpfsSize`, (error as Error).message);
  }
}

function invalid(field: string, message: string): ProblemException {
  return new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_MOUNT', `${field}: ${message}`, [{ field, message }]);
}
