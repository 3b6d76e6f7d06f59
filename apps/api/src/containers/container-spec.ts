import { HttpStatus } from '@nestjs/common';
import type { CreateContainerRequest } from '@berth/contracts';
import type { ImageConfig } from '@berth/images';
import type { OciMount, OciSpec } from '@berth/runtime/model';
import { defaultSpec, normalizeCapability } from '../engine/runtime-adapter.js';
import { ProblemException } from '../http/problem.js';
import { toOciResources } from './container-resources.js';
import type { ResolvedUser } from './image-user.js';

/** A mount with its host side resolved (volume data dir, bind path, or none for tmpfs). */
export interface ResolvedMount {
  type: 'volume' | 'bind' | 'tmpfs';
  source: string;
  target: string;
  readOnly: boolean;
  tmpfsBytes?: number;
}

export interface SpecInput {
  id: string;
  request: CreateContainerRequest;
  image: ImageConfig;
  user: ResolvedUser;
  mounts: ResolvedMount[];
  /** The container's own hosts file on the host (`<bundle>/hosts`), mounted read-only at /etc/hosts; none for network host. */
  hostsFile?: string;
  /** pids.max when the request sets no pidsLimit (BERTH_PIDS_LIMIT), so a fork bomb stays inside. */
  defaultPidsLimit?: number;
}

/**
 * The OCI spec of an API container: the runtime's secure default spec, then the image's
 * config (ENTRYPOINT + CMD, ENV, WORKDIR), then the request, as `docker run` layers them.
 * Pure, so the layering is unit-tested without a kernel.
 */
export function containerSpec({ id, request, image, user, mounts, hostsFile, defaultPidsLimit }: SpecInput): OciSpec {
  const args = commandOf(request, image);
  const spec = defaultSpec({ args, terminal: request.tty ?? false });
  const process = spec.process!;
  // TERM only with a terminal, as in Docker.
  const defaults = (process.env ?? []).filter((entry) => request.tty || !entry.startsWith('TERM='));
  process.env = mergeEnv(defaults, image.config?.Env ?? [], request.env ?? []);
  process.cwd = request.workingDir || image.config?.WorkingDir || '/';
  process.user = { uid: user.uid, gid: user.gid };
  spec.root = { path: 'rootfs', readonly: request.readOnlyRootfs ?? false };
  spec.hostname = request.hostname || id.slice(0, 12);
  spec.annotations = { ...(request.labels ?? {}) };
  capabilities(spec, request.capAdd ?? [], request.capDrop ?? []);
  spec.linux!.resources = { ...spec.linux!.resources, ...toOciResources(request.resources) };
  if (request.resources?.pidsLimit === undefined && defaultPidsLimit !== undefined) spec.linux!.resources.pids = { limit: defaultPidsLimit };
  if (request.network === 'host') spec.linux!.namespaces = spec.linux!.namespaces!.filter((namespace) => namespace.type !== 'network');
  // With the host's network the host's /etc/hosts (from the image) is the right one; a user mount at /etc/hosts wins.
  const hosts = request.network !== 'host' && hostsFile && !mounts.some((mount) => mount.target === '/etc/hosts');
  const hostsMount: OciMount[] = hosts ? [{ destination: '/etc/hosts', type: 'bind', source: hostsFile, options: ['rbind', 'rprivate', 'ro'] }] : [];
  spec.mounts = [...(spec.mounts ?? []), ...hostsMount, ...mounts.map(ociMount)];
  return spec;
}

/** ENTRYPOINT + CMD, each replaceable; nothing at all to run is the caller's mistake. */
export function commandOf(request: CreateContainerRequest, image: ImageConfig): string[] {
  const entrypoint = request.entrypoint ?? image.config?.Entrypoint ?? [];
  // A new entrypoint drops the image's CMD, as in Docker.
  const cmd = request.cmd ?? (request.entrypoint ? [] : (image.config?.Cmd ?? []));
  const args = [...entrypoint, ...cmd];
  if (args.length === 0) throw new ProblemException(HttpStatus.BAD_REQUEST, 'NO_COMMAND', 'the image has no CMD or ENTRYPOINT: give cmd');
  return args;
}

/** Later lists override earlier ones key by key; order of first appearance is kept. */
export function mergeEnv(...lists: string[][]): string[] {
  const merged = new Map<string, string>();
  for (const entry of lists.flat()) {
    const at = entry.indexOf('=');
    const key = at < 0 ? entry : entry.slice(0, at);
    merged.set(key, entry);
  }
  return [...merged.values()];
}

/** `--cap-add` / `--cap-drop` over the default set; names as the runtime spells them (its normalizeCapability refuses unknown ones, naming the field). */
function capabilities(spec: OciSpec, add: string[], drop: string[]): void {
  const dropped = drop.map((name, index) => normalizeCapability(name, `capDrop[${index}]`));
  const added = add.map((name, index) => normalizeCapability(name, `capAdd[${index}]`));
  const caps = spec.process!.capabilities!;
  let set = new Set(dropped.includes('ALL') ? [] : caps.bounding);
  for (const name of dropped) set.delete(name);
  for (const name of added) set.add(name);
  set = new Set([...set].sort());
  caps.bounding = [...set];
  caps.effective = [...set];
  caps.permitted = [...set];
}

function ociMount(mount: ResolvedMount): OciMount {
  if (mount.type === 'tmpfs') {
    const options = ['nosuid', 'nodev', 'mode=1777', ...(mount.tmpfsBytes ? [`size=${mount.tmpfsBytes}`] : []), ...(mount.readOnly ? ['ro'] : [])];
    return { destination: mount.target, type: 'tmpfs', source: 'tmpfs', options };
  }
  return { destination: mount.target, type: 'bind', source: mount.source, options: ['rbind', 'rprivate', mount.readOnly ? 'ro' : 'rw'] };
}
