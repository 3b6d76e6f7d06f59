import { API_PREFIX } from '../api-paths.js';
import { PATH_STAT_HEADER, decodePathStat, type ContainerPathStat } from '../container-files.js';
import type {
  ContainerDetail,
  ContainerList,
  ContainerSummary,
  CreateContainerRequest,
  ExecRequest,
  ExecResultBody,
  PruneContainersResponse,
  TopResult,
  UpdateContainerRequest,
  WaitResult,
} from '../containers.js';
import type { ContainerListQuery, ContainerLogsQuery, ContainerStatsReading, LogRecord } from './container-streams.js';
import { allPages } from './all-pages.js';
import { BerthApiError, CLIENT_ERROR_CODES } from './berth-api-error.js';
import { itemsUntilEnd } from './named-events.js';
import type { HttpTransport } from './transport.js';

/** /api/v1/containers: one method per endpoint, plus `listAll`, which pages. */
export class ContainersClient {
  constructor(private readonly http: HttpTransport) {}

  create(request: CreateContainerRequest): Promise<ContainerDetail> {
    return this.http.json('POST', path(), { json: request });
  }

  list(query: ContainerListQuery = {}): Promise<ContainerList> {
    return this.http.json('GET', path(), { query: { ...query } });
  }

  /** Every matching container, newest first, however many pages that takes. */
  listAll(query: Omit<ContainerListQuery, 'offset' | 'limit'> = {}): Promise<ContainerSummary[]> {
    return allPages((page) => this.list({ ...query, ...page }));
  }

  inspect(id: string): Promise<ContainerDetail> {
    return this.http.json('GET', path(id));
  }

  start(id: string): Promise<ContainerDetail> {
    return this.http.json('POST', path(id, 'start'));
  }

  /** `timeoutSeconds` between SIGTERM and SIGKILL (the server's default is 10). */
  stop(id: string, options: { timeoutSeconds?: number } = {}): Promise<ContainerDetail> {
    return this.http.json('POST', path(id, 'stop'), { query: { t: options.timeoutSeconds } });
  }

  restart(id: string, options: { timeoutSeconds?: number } = {}): Promise<ContainerDetail> {
    return this.http.json('POST', path(id, 'restart'), { query: { t: options.timeoutSeconds } });
  }

  /** `signal` by name (`SIGTERM`, `TERM`) or number; the server's default is SIGKILL. */
  kill(id: string, options: { signal?: string } = {}): Promise<void> {
    return this.http.json('POST', path(id, 'kill'), { query: { signal: options.signal } });
  }

  pause(id: string): Promise<ContainerDetail> {
    return this.http.json('POST', path(id, 'pause'));
  }

  unpause(id: string): Promise<ContainerDetail> {
    return this.http.json('POST', path(id, 'unpause'));
  }

  /** Resolves when the container stops; `timeoutSeconds` makes the server give up with 408. */
  wait(id: string, options: { timeoutSeconds?: number; signal?: AbortSignal } = {}): Promise<WaitResult> {
    return this.http.json('POST', path(id, 'wait'), { query: { timeout: options.timeoutSeconds }, signal: options.signal });
  }

  rename(id: string, name: string): Promise<ContainerDetail> {
    return this.http.json('POST', path(id, 'rename'), { json: { name } });
  }

  update(id: string, request: UpdateContainerRequest): Promise<ContainerDetail> {
    return this.http.json('POST', path(id, 'update'), { json: request });
  }

  top(id: string): Promise<TopResult> {
    return this.http.json('GET', path(id, 'top'));
  }

  /** Runs a command in the running container and answers once it exits. */
  exec(id: string, request: ExecRequest): Promise<ExecResultBody> {
    return this.http.json('POST', path(id, 'exec'), { json: request });
  }

  /** `force` kills a running container first. */
  remove(id: string, options: { force?: boolean } = {}): Promise<void> {
    return this.http.json('DELETE', path(id), { query: { force: options.force } });
  }

  /** Removes every container that is neither running nor paused; `until` is RFC 3339 or unix seconds. */
  prune(options: { label?: string[]; until?: string } = {}): Promise<PruneContainersResponse> {
    return this.http.json('POST', path(undefined, 'prune'), { query: { label: options.label, until: options.until } });
  }

  /** The output so far, as records. */
  logs(id: string, query: ContainerLogsQuery = {}): Promise<LogRecord[]> {
    return this.http.json('GET', path(id, 'logs'), { query: { ...query } });
  }

  /** The output so far (after `tail`), then live records until the container stops. */
  async *followLogs(id: string, query: ContainerLogsQuery = {}, signal?: AbortSignal): AsyncGenerator<LogRecord> {
    const response = await this.http.send('GET', path(id, 'logs'), { query: { ...query, follow: true }, accept: 'text/event-stream', signal });
    yield* itemsUntilEnd<LogRecord>(response, 'log', 'logs');
  }

  /** What is at a path in the container (running or stopped); 404 PATH_NOT_FOUND when nothing. */
  async statPath(id: string, containerPath: string): Promise<ContainerPathStat> {
    return statOf(await this.http.send('HEAD', path(id, 'archive'), { query: { path: containerPath } }));
  }

  /** A path of the container as a tar (its entries start with the path's name), and its stat; read the stream to its end. */
  async archive(id: string, containerPath: string, signal?: AbortSignal): Promise<{ stat: ContainerPathStat; body: ReadableStream<Uint8Array> }> {
    const response = await this.http.send('GET', path(id, 'archive'), { query: { path: containerPath }, accept: 'application/x-tar', signal });
    if (!response.body) throw new BerthApiError(CLIENT_ERROR_CODES.invalidResponse, response.status, `the archive of ${containerPath} came without a body`);
    return { stat: statOf(response), body: response.body };
  }

  /** Unpacks a tar into a directory of the container (which must exist). */
  extract(
    id: string,
    directory: string,
    archive: NonNullable<RequestInit['body']>,
    options: { noOverwriteDirNonDir?: boolean; copyUIDGID?: boolean } = {},
  ): Promise<void> {
    return this.http.json('PUT', path(id, 'archive'), { query: { path: directory, ...options }, body: archive, contentType: 'application/x-tar' });
  }

  /** One reading (without `cpuPercent`, which needs two). */
  stats(id: string): Promise<ContainerStatsReading> {
    return this.http.json('GET', path(id, 'stats'));
  }

  /** A reading every `intervalSeconds` (default 1, at least 0.2) until the container stops. */
  async *streamStats(id: string, options: { intervalSeconds?: number; signal?: AbortSignal } = {}): AsyncGenerator<ContainerStatsReading> {
    const response = await this.http.send('GET', path(id, 'stats'), {
      query: { stream: true, interval: options.intervalSeconds },
      accept: 'text/event-stream',
      signal: options.signal,
    });
    yield* itemsUntilEnd<ContainerStatsReading>(response, 'stats', 'stats');
  }
}

function statOf(response: Response): ContainerPathStat {
  const header = response.headers.get(PATH_STAT_HEADER);
  if (!header) throw new BerthApiError(CLIENT_ERROR_CODES.invalidResponse, response.status, `the answer has no ${PATH_STAT_HEADER} header`);
  return decodePathStat(header);
}

function path(id?: string, action?: string): string {
  return `${API_PREFIX}/containers${id === undefined ? '' : `/${encodeURIComponent(id)}`}${action ? `/${action}` : ''}`;
}
