import type { CreateContainerRequest, HealthcheckRequest, MountRequest, PortBindingRequest, RestartPolicyName, UpdateContainerRequest } from '@berth/contracts';
import { dockerErrors } from './docker-errors.js';

/** The parts of Docker's `ContainerCreateRequest` Berth reads (API v1.24 to v1.43 field names). */
export interface DockerCreateBody {
  Image?: string;
  Hostname?: string;
  User?: string;
  Env?: string[] | null;
  Cmd?: string[] | string | null;
  Entrypoint?: string[] | string | null;
  WorkingDir?: string;
  Labels?: Record<string, string> | null;
  Tty?: boolean;
  OpenStdin?: boolean;
  Healthcheck?: DockerHealthcheck | null;
  HostConfig?: DockerHostConfig | null;
}

/** `Config.Healthcheck`: durations in nanoseconds, 0 = inherit the image's (else the default). */
export interface DockerHealthcheck {
  Test?: string[] | null;
  Interval?: number;
  Timeout?: number;
  Retries?: number;
  StartPeriod?: number;
  StartInterval?: number;
}

export interface DockerHostConfig {
  Binds?: string[] | null;
  Mounts?: { Type?: string; Source?: string; Target?: string; ReadOnly?: boolean; TmpfsOptions?: { SizeBytes?: number } | null }[] | null;
  PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;
  NetworkMode?: string;
  RestartPolicy?: { Name?: string; MaximumRetryCount?: number } | null;
  AutoRemove?: boolean;
  Memory?: number;
  MemorySwap?: number;
  NanoCpus?: number;
  CpuShares?: number;
  CpusetCpus?: string;
  CpusetMems?: string;
  PidsLimit?: number | null;
  BlkioWeight?: number;
  CapAdd?: string[] | null;
  CapDrop?: string[] | null;
  Privileged?: boolean;
  ReadonlyRootfs?: boolean;
  Tmpfs?: Record<string, string> | null;
  Init?: boolean | null;
  Devices?: unknown[] | null;
  VolumesFrom?: string[] | null;
  Links?: string[] | null;
}

/**
 * Docker's create body as Berth's create request. Zero values mean "not set", as in Docker;
 * an option Berth cannot honour is refused by name (400) rather than dropped, so a
 * Compose file never runs differently from what it says.
 */
export function createRequestOf(body: DockerCreateBody, name: string | undefined): CreateContainerRequest {
  const host = body.HostConfig ?? {};
  refuseUnsupported(host);
  if (!body.Image) throw dockerErrors.badRequest('Config.Image is required');
  return dropUndefined({
    image: body.Image,
    name: name ? name.replace(/^\//, '') : undefined,
    cmd: listOf(body.Cmd),
    entrypoint: listOf(body.Entrypoint),
    env: body.Env?.length ? body.Env : undefined,
    workingDir: body.WorkingDir || undefined,
    user: body.User || undefined,
    hostname: body.Hostname || undefined,
    labels: body.Labels && Object.keys(body.Labels).length ? body.Labels : undefined,
    tty: body.Tty || undefined,
    openStdin: body.OpenStdin || undefined,
    resources: resourcesOf(host),
    ports: portsOf(host.PortBindings),
    mounts: mountsOf(host),
    network: networkOf(host.NetworkMode),
    restartPolicy: host.RestartPolicy?.Name ? restartPolicyOf(host.RestartPolicy.Name, host.RestartPolicy.MaximumRetryCount) : undefined,
    autoRemove: host.AutoRemove || undefined,
    capAdd: host.CapAdd?.length ? host.CapAdd : undefined,
    capDrop: host.CapDrop?.length ? host.CapDrop : undefined,
    readOnlyRootfs: host.ReadonlyRootfs || undefined,
    privileged: host.Privileged || undefined,
    healthcheck: healthcheckOf(body.Healthcheck),
  });
}

/** Docker's nanoseconds as Berth's milliseconds; the use case refuses what is out of range, by name. */
function healthcheckOf(check: DockerHealthcheck | null | undefined): HealthcheckRequest | undefined {
  if (!check) return undefined;
  const ms = (nanos: number | undefined) => (nanos ? Math.round(nanos / 1_000_000) : undefined);
  const request = dropUndefined<HealthcheckRequest>({
    test: check.Test?.length ? check.Test : undefined,
    intervalMs: ms(check.Interval),
    timeoutMs: ms(check.Timeout),
    retries: check.Retries || undefined,
    startPeriodMs: ms(check.StartPeriod),
    startIntervalMs: ms(check.StartInterval),
  });
  return Object.keys(request).length ? request : undefined;
}

/**
 * `POST /containers/{id}/update` (`docker update`): the resources and restart policy a
 * running container may change; zero values are "unchanged", as in Docker.
 */
export function updateRequestOf(host: DockerHostConfig): UpdateContainerRequest {
  return dropUndefined({
    resources: resourcesOf(host),
    restartPolicy: host.RestartPolicy?.Name ? restartPolicyOf(host.RestartPolicy.Name, host.RestartPolicy.MaximumRetryCount) : undefined,
  });
}

function refuseUnsupported(host: DockerHostConfig): void {
  const refuse = (field: string) => {
    throw dockerErrors.badRequest(`NOT_SUPPORTED: ${field} is not supported by Berth`);
  };
  if (host.Init) refuse('HostConfig.Init');
  if (host.Devices?.length) refuse('HostConfig.Devices');
  if (host.VolumesFrom?.length) refuse('HostConfig.VolumesFrom');
  if (host.Links?.length) refuse('HostConfig.Links');
}

function listOf(value: string[] | string | null | undefined): string[] | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? [value] : value.length ? value : undefined;
}

function resourcesOf(host: DockerHostConfig): CreateContainerRequest['resources'] {
  const resources = dropUndefined({
    memory: host.Memory || undefined,
    memorySwap: host.MemorySwap || undefined,
    cpus: host.NanoCpus ? host.NanoCpus / 1e9 : undefined,
    cpuShares: host.CpuShares || undefined,
    cpusetCpus: host.CpusetCpus || undefined,
    cpusetMems: host.CpusetMems || undefined,
    // Docker: 0 or null is "unset", -1 "unlimited".
    pidsLimit: host.PidsLimit || undefined,
    blkioWeight: host.BlkioWeight || undefined,
  });
  return Object.keys(resources).length ? resources : undefined;
}

/** `{"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}` → one binding per host side. */
function portsOf(bindings: DockerHostConfig['PortBindings']): PortBindingRequest[] | undefined {
  const ports = Object.entries(bindings ?? {}).flatMap(([key, hosts]) => {
    const [port, protocol = 'tcp'] = key.split('/');
    if (protocol !== 'tcp' && protocol !== 'udp') throw dockerErrors.badRequest(`NOT_SUPPORTED: port protocol ${protocol} (tcp and udp only)`);
    return (hosts?.length ? hosts : [{}]).map((host) =>
      dropUndefined({
        containerPort: Number(port),
        protocol: protocol as 'tcp' | 'udp',
        hostPort: host.HostPort ? Number(host.HostPort) : undefined,
        hostIp: host.HostIp || undefined,
      }),
    );
  });
  return ports.length ? ports : undefined;
}

function mountsOf(host: DockerHostConfig): MountRequest[] | undefined {
  const mounts: MountRequest[] = [
    ...(host.Binds ?? []).map(bindOf),
    ...(host.Mounts ?? []).map((mount) => {
      if (mount.Type !== 'bind' && mount.Type !== 'volume' && mount.Type !== 'tmpfs') {
        throw dockerErrors.badRequest(`NOT_SUPPORTED: mount type ${String(mount.Type)} (bind, volume and tmpfs only)`);
      }
      return dropUndefined<MountRequest>({
        type: mount.Type,
        source: mount.Source || undefined,
        target: mount.Target ?? '',
        readOnly: mount.ReadOnly || undefined,
        tmpfsSize: mount.TmpfsOptions?.SizeBytes || undefined,
      });
    }),
    ...Object.entries(host.Tmpfs ?? {}).map(([target, options]) => dropUndefined({ type: 'tmpfs' as const, target, tmpfsSize: tmpfsSizeOf(options) })),
  ];
  return mounts.length ? mounts : undefined;
}

/** `-v /host:/in[:ro]` is a bind, `-v name:/in` a named volume, `-v /in` an anonymous volume. */
function bindOf(bind: string): MountRequest {
  const parts = bind.split(':');
  if (parts.length === 1) return { type: 'volume', target: parts[0]! };
  const [source, target, options = ''] = parts;
  const flags = options.split(',').filter(Boolean);
  const unknown = flags.filter((flag) => !['ro', 'rw', 'z', 'Z'].includes(flag));
  if (unknown.length) throw dockerErrors.badRequest(`NOT_SUPPORTED: bind option ${unknown.join(',')} in ${bind}`);
  return dropUndefined({ type: source!.startsWith('/') ? 'bind' : 'volume', source, target: target!, readOnly: flags.includes('ro') || undefined });
}

function tmpfsSizeOf(options: string): string | undefined {
  return /(?:^|,)size=([^,]+)/.exec(options)?.[1];
}

function networkOf(mode: string | undefined): string | undefined {
  if (!mode || mode === 'default') return undefined;
  if (mode.startsWith('container:')) throw dockerErrors.badRequest('NOT_SUPPORTED: NetworkMode container:<name> (join a named network instead)');
  return mode;
}

function restartPolicyOf(name: string, maximumRetryCount: number | undefined): CreateContainerRequest['restartPolicy'] {
  const known: readonly string[] = ['no', 'on-failure', 'always', 'unless-stopped'];
  if (!known.includes(name)) throw dockerErrors.badRequest(`invalid restart policy ${name}: use no, on-failure, always or unless-stopped`);
  return dropUndefined({ name: name as RestartPolicyName, maximumRetryCount: name === 'on-failure' && maximumRetryCount ? maximumRetryCount : undefined });
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
