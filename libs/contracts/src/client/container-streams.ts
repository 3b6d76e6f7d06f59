import type { NetworkCounters } from '../networks.js';
import type { ContainerStatus } from '@berth/runtime/model';

/**
 * Shapes of /api/v1/containers that libs/contracts does not declare yet (the API answers them
 * straight from the runtime or its DTOs). Kept here, beside the client that reads them, until
 * they move into containers.ts.
 */

/** Query of `GET /containers`. */
export interface ContainerListQuery {
  /** Also created and stopped ones (`docker ps -a`). */
  all?: boolean;
  status?: ContainerStatus[];
  /** Part of the name. */
  name?: string;
  /** `key` or `key=value`; all must match. */
  label?: string[];
  /** Containers of this image. */
  ancestor?: string;
  offset?: number;
  /** At most 1000 per page. */
  limit?: number;
}

/** Query of `GET /containers/:id/logs`. Times are RFC 3339 or unix seconds. */
export interface ContainerLogsQuery {
  /** Only the last N records. */
  tail?: number;
  since?: string;
  until?: string;
  /** Include each record's `time`. */
  timestamps?: boolean;
  stdout?: boolean;
  stderr?: boolean;
}

/** One record of a container's output. */
export interface LogRecord {
  stream: 'stdout' | 'stderr';
  /** The text as written, newline included. */
  log: string;
  /** RFC 3339 with nanoseconds; only with `timestamps`. */
  time?: string;
}

/** One reading of `GET /containers/:id/stats`: the container's cgroup counters. */
export interface ContainerStatsReading {
  id: string;
  /** RFC 3339, when the counters were read. */
  read: string;
  /** Percent of one CPU over the last interval (200 = two CPUs busy); streamed readings only. */
  cpuPercent?: number;
  cpu: {
    usageTotalNs: number;
    usageUserNs?: number;
    usageKernelNs?: number;
    perCpuNs?: number[];
    throttling: { periods: number; throttledPeriods: number; throttledTimeNs: number };
  };
  memory: {
    usage: number;
    maxUsage?: number;
    limit?: number;
    failcnt?: number;
    oomEvents?: number;
    oomKills?: number;
    swapUsage?: number;
    stat: Record<string, number>;
  };
  pids: { current: number; limit?: number };
  io: { major: number; minor: number; readBytes: number; writeBytes: number; readOps: number; writeOps: number }[];
  /** rx/tx per interface inside the container (eth0 …), keyed by interface; absent for `host`. */
  networks?: Record<string, NetworkCounters>;
}
