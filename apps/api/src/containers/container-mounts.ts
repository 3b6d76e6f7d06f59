import { existsSync } from 'node:fs';
import { isAbsolute, normalize } from 'node:path';
import { HttpStatus } from '@nestjs/common';
import type { MountRequest } from '@berth/contracts';
import { parseBytes } from '@berth/runtime/model';
import { ProblemException } from '../http/problem.js';
import type { ResolvedMount } from './container-spec.js';

export interface VolumeForMount {
  id: string;
  name: string;
  mountpoint: string;
}

/**
 * `--mount` / `-v` requests → host sources. Checked before anything is made; the volumes
 * are resolved (created when missing, as `docker run -v name:/path` does) last, so a bad
 * bind or tmpfs never leaves a new volume behind.
 */
export async function resolveMounts(
  requests: readonly MountRequest[],
  volumeFor: (name: string) => Promise<VolumeForMount>,
): Promise<{ mounts: ResolvedMount[]; volumes: { volumeId: string; destination: string; readOnly: boolean }[] }> {
  const targets = new Set<string>();
  for (const [index, request] of requests.entries()) check(request, `mounts[${index}]`, targets);
  const mounts: ResolvedMount[] = [];
  const volumes: { volumeId: string; destination: string; readOnly: boolean }[] = [];
  for (const request of requests) {
    const target = normalize(request.target);
    const readOnly = request.readOnly ?? false;
    if (request.type === 'tmpfs') {
      mounts.push({ type: 'tmpfs', source: 'tmpfs', target, readOnly, tmpfsBytes: tmpfsBytes(request.tmpfsSize) });
    } else if (request.type === 'bind') {
      mounts.push({ type: 'bind', source: normalize(request.source!), target, readOnly });
    } else {
      const volume = await volumeFor(request.source!);
      mounts.push({ type: 'volume', source: volume.mountpoint, target, readOnly });
      volumes.push({ volumeId: volume.id, destination: target, readOnly });
    }
  }
  return { mounts, volumes };
}

function check(request: MountRequest, field: string, targets: Set<string>): void {
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
    if (!existsSync(source)) throw invalid(`${field}.source`, `${source} does not exist on the host`);
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
