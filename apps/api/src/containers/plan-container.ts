import { HttpStatus } from '@nestjs/common';
import type { CreateContainerRequest } from '@berth/contracts';
import { DEFAULT_NETWORK } from '@berth/contracts';
import type { ImageConfig } from '@berth/images';
import type { OciSpec } from '@berth/runtime/model';
import type { BundleLayout } from '../engine/container-bundle.js';
import { validateSpec, type PathKind } from '../engine/runtime-adapter.js';
import { ProblemException } from '../http/problem.js';
import { checkMounts, planMounts, type MountFacts, type PlannedVolume } from './container-mounts.js';
import { validateName } from './container-names.js';
import { toOciResources } from './container-resources.js';
import { checkHealthcheck, resolveHealthcheck } from './healthcheck-config.js';
import { containerSpec } from './container-spec.js';
import type { ResolvedUser } from './image-user.js';

/**
 * The refusals a create request earns on its own, before anything is looked up: the
 * host-access policy (passed in, as it depends on who asks), the name's form, conflicting
 * options, the mounts' and resources' form. Pure.
 */
export function checkCreateRequest(request: CreateContainerRequest, checkHostAccess: (request: CreateContainerRequest) => void): void {
  // What reaches the host is decided first, before the default network or a volume is made for the request.
  checkHostAccess(request);
  if (request.name !== undefined) validateName(request.name);
  const policy = request.restartPolicy ?? { name: 'no' };
  if (request.autoRemove && policy.name !== 'no') {
    throw new ProblemException(HttpStatus.BAD_REQUEST, 'CONFLICTING_OPTIONS', 'autoRemove and a restart policy other than "no" cannot be combined');
  }
  checkMounts(request.mounts ?? []);
  toOciResources(request.resources);
  checkHealthcheck(request.healthcheck);
}

/** What the plan is told: the image to run, the container's identity and what the host and catalogue hold. */
export interface PlanInput {
  id: string;
  name: string;
  request: CreateContainerRequest;
  image: { config: ImageConfig; lowerDirs: string[] };
  user: ResolvedUser;
  bundle: BundleLayout;
  mountFacts: MountFacts;
  /** What a path on the host is now (bind sources are checked against it). */
  pathKind: (path: string) => PathKind;
  /** BERTH_PIDS_LIMIT for a request without its own. */
  defaultPidsLimit?: number;
}

/** Every decision of a create, as data for the make phase. */
export interface ContainerPlan {
  id: string;
  name: string;
  /** The final OCI spec, already accepted by the runtime's validation. */
  spec: OciSpec;
  /** The request as stored (its name and network filled in). */
  config: CreateContainerRequest;
  volumes: PlannedVolume[];
  restartPolicy: { name: string; maximumRetryCount: number };
  autoRemove: boolean;
}

/**
 * Plans a container without touching disk, database or kernel: the mounts (new volumes as
 * data), the spec built once, and the runtime's own validation of that spec, in memory —
 * the paths the make phase will create (rootfs, hosts file, volume directories) count as made. Any
 * refusal throws here, so nothing exists yet to undo.
 */
export function planContainer(input: PlanInput): ContainerPlan {
  const { id, name, request, image, user, bundle } = input;
  checkCreateRequest(request, () => undefined);
  const { mounts, volumes } = planMounts(request.mounts ?? [], input.mountFacts);
  const spec = containerSpec({ id, request, image: image.config, user, mounts, hostsFile: bundle.hosts, defaultPidsLimit: input.defaultPidsLimit });
  const made = new Map<string, PathKind>([
    [bundle.rootfs, 'dir'],
    [bundle.hosts, 'other'],
    // The make phase makes each volume's directory (an existing volume's too, should it be gone).
    ...volumes.map((volume) => [input.mountFacts.volume(volume.name).mountpoint, 'dir'] as [string, PathKind]),
  ]);
  validateSpec(spec, bundle.dir, { pathKind: (path) => made.get(path) ?? input.pathKind(path) });
  const policy = request.restartPolicy ?? { name: 'no' };
  // Stored merged with the image's: the monitor and inspect read one complete check.
  const healthcheck = resolveHealthcheck(request.healthcheck, image.config.config?.Healthcheck);
  return {
    id,
    name,
    spec,
    config: { ...request, name, network: request.network ?? DEFAULT_NETWORK, ...(healthcheck ? { healthcheck } : {}) },
    volumes,
    restartPolicy: { name: policy.name, maximumRetryCount: policy.maximumRetryCount ?? 0 },
    autoRemove: request.autoRemove ?? false,
  };
}
