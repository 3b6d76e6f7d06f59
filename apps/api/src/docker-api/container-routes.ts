import type { ContainerStatus } from '@berth/runtime/model';
import { Logger } from '@nestjs/common';
import type { Response } from 'express';
import { problemOf } from '../http/problem-of.js';
import { CreateContainerDto } from '../containers/dto/create-container.dto.js';
import { createValidationPipe } from '../http/validation-pipe.js';
import { filterLogs, tailThenFollow } from '../containers/container-logs.js';
import type { ContainerUseCases } from './container-use-cases.js';
import { dockerInspect, dockerSummary } from './docker-container-views.js';
import { createRequestOf, updateRequestOf, type DockerCreateBody, type DockerHostConfig } from './docker-create-request.js';
import { DockerError } from './docker-errors.js';
import { filterTime, queryFilters, queryFlag, queryInteger, queryText, queryTime } from './docker-query.js';
import type { DockerCall, DockerRoutes } from './docker-router.js';
import { frame, MULTIPLEXED_STREAM, RAW_STREAM, JSON_STREAM } from './stream-frames.js';

/** Docker's `status` filter words as Berth's statuses. */
const STATUS_FILTER: Record<string, ContainerStatus[]> = {
  created: ['created', 'creating'],
  running: ['running'],
  paused: ['paused'],
  exited: ['stopped'],
  restarting: [],
  removing: [],
  dead: [],
};

/** `docker ps --filter health=…`. */
const HEALTH_FILTER = ['starting', 'healthy', 'unhealthy', 'none'];

const validation = createValidationPipe();
const logger = new Logger('DockerContainers');

export function containerRoutes(routes: DockerRoutes, containers: ContainerUseCases): void {
  routes.add('post', '/containers/create', 'operator', async ({ principal, request, response }) => {
    const translated = createRequestOf((request.body ?? {}) as DockerCreateBody, queryText(request, 'name'));
    // The same validation as REST's body, so both surfaces refuse the same input.
    const checked = (await validation.transform(translated, { type: 'body', metatype: CreateContainerDto })) as CreateContainerDto;
    const created = await containers.create.execute(principal, checked).catch((error: unknown) => {
      throw createRefusal(error);
    });
    response.status(201).json({ Id: created.id, Warnings: [] });
  });

  routes.add('post', '/containers/prune', 'operator', async ({ principal, request, response }) => {
    const filters = queryFilters(request);
    const unknown = Object.keys(filters).filter((key) => key !== 'label' && key !== 'until');
    if (unknown.length) throw new DockerError(400, `NOT_SUPPORTED: container prune filters ${unknown.join(', ')}`);
    const until = filters['until']?.[0];
    const pruned = await containers.prune.execute(principal, { labels: filters['label'], until: until === undefined ? undefined : filterTime('until', until) });
    response.json({ ContainersDeleted: pruned.containersDeleted, SpaceReclaimed: pruned.spaceReclaimedBytes });
  });

  routes.add('get', '/containers/json', 'viewer', async ({ principal, request, response }) => {
    const filters = queryFilters(request);
    const statuses = filters['status']?.flatMap((status) => STATUS_FILTER[status] ?? badFilter('status', status));
    const all = queryFlag(request, 'all') || statuses !== undefined;
    const limit = queryInteger(request, 'limit');
    const list = await containers.queries.list(principal, {
      all,
      statuses,
      name: filters['name']?.[0],
      labels: filters['label'],
      ancestor: filters['ancestor']?.[0],
      limit: limit && limit > 0 ? limit : 1000,
    });
    const ids = filters['id'];
    const health = filters['health']?.map((status) => (HEALTH_FILTER.includes(status) ? status : badFilter('health', status)));
    const items = list.items
      .filter((item) => !ids || ids.some((id) => item.id.startsWith(id)))
      // `none`: no check, as in Docker. The page is already bounded, so this costs no extra read.
      .filter((item) => !health || health.includes(item.health ?? 'none'));
    const details = await Promise.all(items.map((item) => containers.queries.inspect(principal, item.id)));
    response.json(details.map(dockerSummary));
  });

  routes.add('get', '/containers/:id/json', 'viewer', async ({ principal, request, response }) => {
    response.json(dockerInspect(await containers.queries.inspect(principal, param(request.params['id']))));
  });

  routes.add('post', '/containers/:id/start', 'operator', async ({ principal, request, response }) => {
    const row = await containers.queries.row(principal, param(request.params['id']));
    if (row.status === 'running' || row.status === 'paused') return void response.status(304).end();
    await containers.start.execute(principal, row.id);
    response.status(204).end();
  });

  routes.add('post', '/containers/:id/stop', 'operator', async ({ principal, request, response }) => {
    const row = await containers.queries.row(principal, param(request.params['id']));
    if (row.status !== 'running' && row.status !== 'paused') return void response.status(304).end();
    await containers.stop.execute(principal, row.id, queryInteger(request, 't') ?? undefined);
    response.status(204).end();
  });

  routes.add('post', '/containers/:id/restart', 'operator', async ({ principal, request, response }) => {
    await containers.restart.execute(principal, param(request.params['id']), queryInteger(request, 't') ?? undefined);
    response.status(204).end();
  });

  routes.add('post', '/containers/:id/kill', 'operator', async ({ principal, request, response }) => {
    await containers.kill.execute(principal, param(request.params['id']), signalName(queryText(request, 'signal')));
    response.status(204).end();
  });

  routes.add('post', '/containers/:id/pause', 'operator', async ({ principal, request, response }) => {
    await containers.pause.execute(principal, param(request.params['id']));
    response.status(204).end();
  });

  routes.add('post', '/containers/:id/unpause', 'operator', async ({ principal, request, response }) => {
    await containers.unpause.execute(principal, param(request.params['id']));
    response.status(204).end();
  });

  routes.add('post', '/containers/:id/rename', 'operator', async ({ principal, request, response }) => {
    const name = queryText(request, 'name');
    if (!name) throw new DockerError(400, 'name is required');
    await containers.rename.execute(principal, param(request.params['id']), name.replace(/^\//, ''));
    response.status(204).end();
  });

  routes.add('post', '/containers/:id/update', 'operator', async ({ principal, request, response }) => {
    await containers.update.execute(principal, param(request.params['id']), updateRequestOf((request.body ?? {}) as DockerHostConfig));
    response.json({ Warnings: [] });
  });

  routes.add('post', '/containers/:id/wait', 'operator', (call) => waitRoute(call, containers));
  routes.add('get', '/containers/:id/logs', 'viewer', (call) => logsRoute(call, containers));

  routes.add('get', '/containers/:id/top', 'viewer', async ({ principal, request, response }) => {
    const top = await containers.queries.top(principal, param(request.params['id']));
    response.json({ Titles: top.titles, Processes: top.processes });
  });

  routes.add('delete', '/containers/:id', 'operator', async ({ principal, request, response }) => {
    await containers.remove.execute(principal, param(request.params['id']), queryFlag(request, 'force'));
    response.status(204).end();
  });
}

/**
 * `POST /containers/{id}/wait`: the headers go out at once — `docker run` starts the
 * container only after it has them — and the body when the condition is met.
 */
async function waitRoute({ principal, request, response }: DockerCall, containers: ContainerUseCases): Promise<void> {
  const condition = queryText(request, 'condition') ?? 'not-running';
  if (!['not-running', 'next-exit', 'removed'].includes(condition))
    throw new DockerError(400, `invalid condition ${condition}: use not-running, next-exit or removed`);
  const row = await containers.queries.row(principal, param(request.params['id']));
  response.status(200).setHeader('Content-Type', JSON_STREAM);
  response.flushHeaders();
  const gone = new AbortController();
  response.on('close', () => gone.abort());
  try {
    const idle = condition === 'not-running' && row.status !== 'running' && row.status !== 'paused';
    const result = idle ? { exitCode: row.exitCode ?? 0 } : await containers.wait.execute(principal, row.id);
    if (condition === 'removed') await containers.wait.removed(row.id, gone.signal);
    response.end(JSON.stringify({ StatusCode: result.exitCode, Error: null }));
  } catch (error) {
    response.end(JSON.stringify({ StatusCode: -1, Error: { Message: (error as Error).message } }));
  }
}

/** `GET /containers/{id}/logs`: frames without a TTY, raw bytes with one, as Docker sends them. */
async function logsRoute({ principal, request, response }: DockerCall, containers: ContainerUseCases): Promise<void> {
  const id = param(request.params['id']);
  const detail = await containers.queries.inspect(principal, id);
  const tail = queryText(request, 'tail');
  const filter = {
    stdout: queryFlag(request, 'stdout'),
    stderr: queryFlag(request, 'stderr'),
    since: queryTime(request, 'since'),
    until: queryTime(request, 'until'),
    tail: tail === undefined || tail === 'all' ? undefined : Number(tail),
  };
  if (filter.tail !== undefined && !(Number.isInteger(filter.tail) && filter.tail >= 0)) throw new DockerError(400, `tail=${tail} is not a count or "all"`);
  const timestamps = queryFlag(request, 'timestamps');
  const tty = detail.config.tty ?? false;
  const controller = new AbortController();
  response.on('close', () => controller.abort());
  const open = (live: boolean) => containers.queries.logs(principal, detail.id, live, controller.signal);
  const history = await open(false);
  const records = queryFlag(request, 'follow') ? tailThenFollow((live) => (live ? follow(() => open(true)) : history), filter) : filterLogs(history, filter);
  response.status(200).type(tty ? RAW_STREAM : MULTIPLEXED_STREAM);
  response.flushHeaders();
  for await (const record of records) {
    const text = timestamps ? `${record.time} ${record.log}` : record.log;
    const payload = Buffer.from(text);
    if (!response.write(tty ? payload : frame(record.stream, payload))) await drained(response);
    if (controller.signal.aborted) break;
  }
  response.end();
}

async function* follow<T>(open: () => Promise<AsyncIterable<T>>): AsyncGenerator<T> {
  yield* await open();
}

function drained(response: Response): Promise<void> {
  return new Promise((resolve) => {
    response.once('drain', resolve);
    response.once('close', resolve);
  });
}

/** Docker sends `KILL`, `SIGKILL` or a number; Berth takes the SIG name. */
export function signalName(signal: string | undefined): string {
  if (!signal) return 'SIGKILL';
  if (/^\d+$/.test(signal)) return signal;
  const upper = signal.toUpperCase();
  return upper.startsWith('SIG') ? upper : `SIG${upper}`;
}

/**
 * On create, Docker's clients read any 404 as "no such image" and go pulling; a missing
 * volume or executable is the request's fault (400), as Docker itself answers.
 */
function createRefusal(error: unknown): unknown {
  const problem = problemOf(error, undefined, logger);
  if (problem.status !== 404 || problem.code === 'IMAGE_NOT_FOUND') return error;
  return new DockerError(400, `${problem.code}: ${problem.detail}`);
}

function param(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join('/') : (value ?? '');
}

function badFilter(name: string, value: string): never {
  throw new DockerError(400, `invalid filter '${name}=${value}'`);
}
