import { containerStateText, type ContainerDetail, type ContainerHealth, type HealthcheckRequest } from '@berth/contracts';
import type { ContainerStatus } from '@berth/runtime/model';

/** Berth's status as Docker's `State` word. */
const DOCKER_STATE: Record<ContainerStatus, string> = { creating: 'created', created: 'created', running: 'running', paused: 'paused', stopped: 'exited' };

export function dockerState(status: ContainerStatus): string {
  return DOCKER_STATE[status];
}

/** One row of `GET /containers/json`. */
export function dockerSummary(container: ContainerDetail) {
  return {
    Id: container.id,
    Names: [`/${container.name}`],
    Image: container.image,
    ImageID: container.imageId ?? '',
    Command: container.command.join(' '),
    Created: Math.floor(Date.parse(container.createdAt) / 1000),
    Ports: container.ports.map((port) => ({ IP: port.hostIp, PrivatePort: port.containerPort, PublicPort: port.hostPort, Type: port.protocol })),
    Labels: container.labels,
    State: dockerState(container.status),
    Status: containerStateText(container),
    HostConfig: { NetworkMode: networkModeOf(container) },
    NetworkSettings: { Networks: networksOf(container) },
    Mounts: mountsOf(container),
  };
}

/** `GET /containers/{id}/json`: what `docker inspect` and Compose read. */
export function dockerInspect(container: ContainerDetail) {
  const config = container.config;
  const [path = '', ...args] = container.command;
  const state = dockerState(container.status);
  return {
    Id: container.id,
    Created: container.createdAt,
    Path: path,
    Args: args,
    State: {
      Status: state,
      Running: container.status === 'running' || container.status === 'paused',
      Paused: container.status === 'paused',
      Restarting: false,
      OOMKilled: container.oomKilled,
      Dead: false,
      Pid: container.pid ?? 0,
      ExitCode: container.exitCode ?? 0,
      Error: '',
      StartedAt: container.startedAt ?? '0001-01-01T00:00:00Z',
      FinishedAt: container.finishedAt ?? '0001-01-01T00:00:00Z',
      ...(container.healthState ? { Health: dockerHealth(container.healthState) } : {}),
    },
    Image: container.imageId ?? '',
    Name: `/${container.name}`,
    RestartCount: container.restartCount,
    Driver: 'overlay',
    Platform: 'linux',
    HostConfig: {
      NetworkMode: networkModeOf(container),
      RestartPolicy: { Name: container.restartPolicy.name, MaximumRetryCount: container.restartPolicy.maximumRetryCount ?? 0 },
      AutoRemove: container.autoRemove,
      Privileged: config.privileged ?? false,
      ReadonlyRootfs: config.readOnlyRootfs ?? false,
      CapAdd: config.capAdd ?? null,
      CapDrop: config.capDrop ?? null,
      PortBindings: portBindingsOf(container),
      Binds: null,
      // Compose reads logs through the API only for drivers it knows; Berth's log is json-file-like.
      LogConfig: { Type: 'json-file', Config: {} },
    },
    Config: {
      Hostname: config.hostname ?? container.id.slice(0, 12),
      User: config.user ?? '',
      Env: config.env ?? [],
      Cmd: config.cmd ?? null,
      Entrypoint: config.entrypoint ?? null,
      Image: container.image,
      WorkingDir: config.workingDir ?? '',
      Labels: container.labels,
      Tty: config.tty ?? false,
      OpenStdin: config.openStdin ?? false,
      AttachStdout: !(config.tty ?? false),
      ...(config.healthcheck ? { Healthcheck: dockerHealthcheck(config.healthcheck) } : {}),
    },
    NetworkSettings: {
      Networks: networksOf(container),
      Ports: portBindingsOf(container),
      IPAddress: container.networks[0]?.ip ?? '',
      Gateway: container.networks[0]?.gateway ?? '',
    },
    Mounts: mountsOf(container),
  };
}

/** `State.Health`, as `docker inspect --format '{{.State.Health.Status}}'` and Compose's `service_healthy` read it. */
function dockerHealth(health: ContainerHealth) {
  return {
    Status: health.status,
    FailingStreak: health.failingStreak,
    Log: health.log.map((entry) => ({ Start: entry.start, End: entry.end, ExitCode: entry.exitCode, Output: entry.output })),
  };
}

/** `Config.Healthcheck` in Docker's nanoseconds (what is stored is complete: defaults filled in at create). */
export function dockerHealthcheck(check: HealthcheckRequest) {
  const ns = (ms: number | undefined) => (ms ?? 0) * 1_000_000;
  return {
    Test: check.test ?? [],
    Interval: ns(check.intervalMs),
    Timeout: ns(check.timeoutMs),
    Retries: check.retries ?? 0,
    StartPeriod: ns(check.startPeriodMs),
    StartInterval: ns(check.startIntervalMs),
  };
}

function networkModeOf(container: ContainerDetail): string {
  return container.networkMode === 'bridge' ? (container.networks[0]?.network ?? 'bridge') : container.networkMode;
}

function networksOf(container: ContainerDetail) {
  return Object.fromEntries(
    container.networks.map((network) => [
      network.network,
      {
        IPAddress: network.ip,
        IPPrefixLen: network.prefixLength,
        Gateway: network.gateway,
        MacAddress: network.mac,
        Aliases: network.aliases,
        NetworkID: network.network,
      },
    ]),
  );
}

function portBindingsOf(container: ContainerDetail) {
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of container.ports)
    (bindings[`${port.containerPort}/${port.protocol}`] ??= []).push({ HostIp: port.hostIp, HostPort: String(port.hostPort) });
  return bindings;
}

function mountsOf(container: ContainerDetail) {
  return container.mounts.map((mount) => ({
    Type: mount.type,
    ...(mount.type === 'volume' ? { Name: mount.source } : {}),
    Source: mount.source,
    Destination: mount.target,
    RW: !mount.readOnly,
  }));
}
