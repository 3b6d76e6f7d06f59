import type { ContainerStatus } from '@berth/runtime/model';
import type { ContainerHealth, HealthcheckRequest, HealthStatus } from './healthcheck.js';
import type { ContainerNetworkView, PublishedPortView } from './networks.js';
import type { Page } from './page.js';

/** `docker run --restart`: what the API does when the container's process ends. */
export const RESTART_POLICIES = ['no', 'on-failure', 'always', 'unless-stopped'] as const;
export type RestartPolicyName = (typeof RESTART_POLICIES)[number];

export interface RestartPolicy {
  name: RestartPolicyName;
  /** on-failure only: give up after this many restarts; 0 = never give up. */
  maximumRetryCount?: number;
}

/** `-v`, `--mount`: a named volume (created when missing), a host path (admins only) or a tmpfs. */
export interface MountRequest {
  type: 'volume' | 'bind' | 'tmpfs';
  /** Volume name or absolute host path; none for tmpfs. */
  source?: string;
  /** Absolute path inside the container. */
  target: string;
  readOnly?: boolean;
  /** tmpfs size: bytes or `64m`. */
  tmpfsSize?: string | number;
}

/** `-p hostIp:hostPort:containerPort/protocol`. */
export interface PortBindingRequest {
  containerPort: number;
  /** Default tcp. */
  protocol?: 'tcp' | 'udp';
  /** Default: a free port, chosen at create and kept. */
  hostPort?: number;
  /** Default 127.0.0.1: only this host reaches it; 0.0.0.0 for every address. */
  hostIp?: string;
}

export interface ResourceRequest {
  /** Bytes, or `512m`, `1g`. */
  memory?: string | number;
  /** Memory plus swap; -1 = unlimited swap. */
  memorySwap?: string | number;
  /** Decimal CPUs, `1.5`. */
  cpus?: string | number;
  cpuShares?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
  pidsLimit?: number;
  blkioWeight?: number;
}

export interface CreateContainerRequest {
  image: string;
  name?: string;
  /** Replaces the image's CMD. */
  cmd?: string[];
  /** Replaces the image's ENTRYPOINT; [] clears it. */
  entrypoint?: string[];
  /** `KEY=value`; added to (and overriding) the image's. */
  env?: string[];
  workingDir?: string;
  /** `uid`, `uid:gid`, `name` or `name:group`, resolved in the image. */
  user?: string;
  hostname?: string;
  labels?: Record<string, string>;
  tty?: boolean;
  openStdin?: boolean;
  resources?: ResourceRequest;
  ports?: PortBindingRequest[];
  mounts?: MountRequest[];
  restartPolicy?: RestartPolicy;
  /** `--rm`: removed once it stops (and is not restarted). */
  autoRemove?: boolean;
  capAdd?: string[];
  capDrop?: string[];
  readOnlyRootfs?: boolean;
  privileged?: boolean;
  /**
   * `bridge` (default: the team's default network), a network's name, `none` (own loopback
   * only) or `host` (the host's network).
   */
  network?: string;
  /** More networks to join besides `network` (bridge networks only). */
  networks?: string[];
  /** `--health-cmd` …: overrides the image's HEALTHCHECK; `test: ["NONE"]` disables it. Stored with every default filled in. */
  healthcheck?: HealthcheckRequest;
}

export interface ContainerSummary {
  id: string;
  name: string;
  /** As the caller named it. */
  image: string;
  imageId: string | null;
  command: string[];
  status: ContainerStatus;
  exitCode: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  labels: Record<string, string>;
  /** Where the container has a healthcheck and has run it since its start: its state. */
  health?: HealthStatus | null;
}

export interface ContainerDetail extends ContainerSummary {
  pid: number | null;
  oomKilled: boolean;
  restartPolicy: RestartPolicy;
  restartCount: number;
  autoRemove: boolean;
  /** The create request after defaults. */
  config: CreateContainerRequest;
  mounts: { type: MountRequest['type']; source: string; target: string; readOnly: boolean }[];
  /** `none`, `host` or `bridge` (on one or more networks). */
  networkMode: 'none' | 'host' | 'bridge';
  /** Its networks, the first one holding the default route. */
  networks: ContainerNetworkView[];
  ports: PublishedPortView[];
  /** The healthcheck's state and last results (null: no check, or not started since). */
  healthState?: ContainerHealth | null;
}

/** A page of `GET /containers`. */
export type ContainerList = Page<ContainerSummary>;

export interface WaitResult {
  exitCode: number;
  oomKilled: boolean;
}

export interface ExecRequest {
  cmd: string[];
  env?: string[];
  workingDir?: string;
  user?: string;
}

/** Each stream of a REST exec keeps at most this many bytes; the exec WebSocket streams without a bound. */
export const EXEC_OUTPUT_LIMIT = 1024 * 1024;

export interface ExecResultBody {
  exitCode: number;
  /** The first EXEC_OUTPUT_LIMIT bytes the command wrote to stdout. */
  stdout: string;
  stderr: string;
  /** The command wrote more than EXEC_OUTPUT_LIMIT bytes to stdout; `stdoutBytes` says how many. */
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  stdoutBytes: number;
  stderrBytes: number;
}

export interface UpdateContainerRequest {
  resources?: ResourceRequest;
  restartPolicy?: RestartPolicy;
}

export interface TopResult {
  titles: string[];
  processes: string[][];
}

/** `docker commit`: the container's changes as a new image layer. */
export interface CommitRequest {
  /** Name of the new image, `repo:tag`. */
  reference: string;
  /** For the image history, like `docker commit -m`. */
  message?: string;
  /** Pause a running container while its layer is read (default true), as Docker does. */
  pause?: boolean;
}

export interface CommitResult {
  /** Manifest digest of the new image. */
  id: string;
  reference: string;
}

/** `POST /api/v1/containers/prune`: every container of the team that is neither running nor paused is removed. */
export interface PruneContainersResponse {
  containersDeleted: string[];
  spaceReclaimedBytes: number;
}
