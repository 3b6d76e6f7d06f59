import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { CommitResult, ContainerDetail, ContainerList, ExecResultBody, PruneContainersResponse, TopResult, WaitResult } from '@berth/contracts';
import type { Request, Response } from 'express';
import { RequiresRole } from '../auth/access-rule.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { filterLogs, tailThenFollow } from './container-logs.js';
import { CommitContainer } from './commit-container.js';
import { ContainersService } from './containers.service.js';
import { CreateContainer } from './create-container.js';
import { ExecContainer } from './exec-container.js';
import { KillContainer } from './kill-container.js';
import { PauseContainer } from './pause-container.js';
import { PruneContainers } from './prune-containers.js';
import { RemoveContainer } from './remove-container.js';
import { RenameContainer } from './rename-container.js';
import { RestartContainer } from './restart-container.js';
import { StartContainer } from './start-container.js';
import { StopContainer } from './stop-container.js';
import { UnpauseContainer } from './unpause-container.js';
import { UpdateContainer } from './update-container.js';
import { WaitContainer } from './wait-container.js';
import { CommitContainerDto } from './dto/commit.dto.js';
import { CreateContainerDto } from './dto/create-container.dto.js';
import { ExecDto } from './dto/exec.dto.js';
import { ListContainersQuery } from './dto/list-containers.query.js';
import { PruneContainersQuery } from './dto/prune-containers.query.js';
import { KillQuery, LogsQuery, RemoveQuery, StatsQuery, StopQuery, WaitQuery } from './dto/lifecycle.query.js';
import { RenameContainerDto } from './dto/rename.dto.js';
import { UpdateContainerDto } from './dto/update-container.dto.js';
import { sendSse, wantsStream } from '../http/sse-writer.js';
import { ApiPageResponse } from '../http/openapi/api-page-response.js';
import { ApiProblems } from '../http/openapi/api-problems.js';
import {
  CommitResultDto,
  ContainerDetailDto,
  ContainerStatsDto,
  ContainerSummaryDto,
  ExecResultDto,
  LogRecordDto,
  PruneContainersResponseDto,
  TopResultDto,
  WaitResultDto,
} from './dto/container-responses.dto.js';

@ApiTags('containers')
@Controller('containers')
export class ContainersController {
  constructor(
    private readonly containers: ContainersService,
    private readonly creator: CreateContainer,
    private readonly starter: StartContainer,
    private readonly stopper: StopContainer,
    private readonly restarter: RestartContainer,
    private readonly killer: KillContainer,
    private readonly pauser: PauseContainer,
    private readonly unpauser: UnpauseContainer,
    private readonly waiter: WaitContainer,
    private readonly renamer: RenameContainer,
    private readonly updater: UpdateContainer,
    private readonly executor: ExecContainer,
    private readonly committer: CommitContainer,
    private readonly remover: RemoveContainer,
    private readonly pruner: PruneContainers,
  ) {}

  @Post()
  @RequiresRole('operator')
  @ApiCreatedResponse({ type: ContainerDetailDto, description: 'Created (not started), like `docker create`.' })
  @ApiProblems({
    400: 'VALIDATION_FAILED, CONFLICTING_OPTIONS, NO_COMMAND, INVALID_USER, INVALID_RESOURCES, INVALID_MOUNT or INVALID_PORT; nothing was made',
    403: 'HOST_ACCESS_DENIED with `field`: host network, privileged, extra capabilities, bind mounts or host ports below 1024 need the admin role',
    404: 'IMAGE_NOT_FOUND, NETWORK_NOT_FOUND',
    409: 'NAME_IN_USE, QUOTA_EXCEEDED, NETWORKING_UNAVAILABLE',
  })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateContainerDto): Promise<ContainerDetail> {
    return this.creator.execute(principal, body);
  }

  @Post('prune')
  @RequiresRole('operator')
  @HttpCode(200)
  @ApiOkResponse({
    type: PruneContainersResponseDto,
    description: 'Removes every container of the team that is neither running nor paused (`docker container prune`).',
  })
  @ApiProblems({ 400: 'VALIDATION_FAILED' })
  prune(@CurrentPrincipal() principal: Principal, @Query() query: PruneContainersQuery): Promise<PruneContainersResponse> {
    return this.pruner.execute(principal, { labels: query.label, until: query.until });
  }

  @Get()
  @RequiresRole('viewer')
  @ApiPageResponse(ContainerSummaryDto, 'Running and paused ones, or all with `all=true`; newest first.')
  @ApiProblems({ 400: 'VALIDATION_FAILED' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListContainersQuery): Promise<ContainerList> {
    return this.containers.list(principal, { ...query, statuses: query.status, labels: query.label });
  }

  @Get(':id')
  @RequiresRole('viewer')
  @ApiOkResponse({ type: ContainerDetailDto })
  @ApiProblems({ 404: 'CONTAINER_NOT_FOUND' })
  inspect(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ContainerDetail> {
    return this.containers.inspect(principal, id);
  }

  @Post(':id/start')
  @RequiresRole('operator')
  @HttpCode(200)
  @ApiOkResponse({ type: ContainerDetailDto, description: 'Started (`docker start`); starting a running one changes nothing.' })
  @ApiProblems({ 404: 'CONTAINER_NOT_FOUND', 409: 'INVALID_STATUS, IMAGE_GONE, NETWORKING_UNAVAILABLE' })
  start(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ContainerDetail> {
    return this.starter.execute(principal, id);
  }

  @Post(':id/stop')
  @RequiresRole('operator')
  @HttpCode(200)
  @ApiOkResponse({ type: ContainerDetailDto, description: 'Stopped: SIGTERM, then SIGKILL after `t` seconds.' })
  @ApiProblems({ 400: 'VALIDATION_FAILED', 404: 'CONTAINER_NOT_FOUND', 409: 'INVALID_STATUS' })
  stop(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: StopQuery): Promise<ContainerDetail> {
    return this.stopper.execute(principal, id, query.t);
  }

  @Post(':id/restart')
  @RequiresRole('operator')
  @HttpCode(200)
  @ApiOkResponse({ type: ContainerDetailDto })
  @ApiProblems({ 400: 'VALIDATION_FAILED', 404: 'CONTAINER_NOT_FOUND', 409: 'INVALID_STATUS, IMAGE_GONE' })
  restart(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: StopQuery): Promise<ContainerDetail> {
    return this.restarter.execute(principal, id, query.t);
  }

  @Post(':id/kill')
  @RequiresRole('operator')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The signal was sent.' })
  @ApiProblems({ 400: 'VALIDATION_FAILED, UNKNOWN_SIGNAL', 404: 'CONTAINER_NOT_FOUND', 409: 'CONTAINER_NOT_RUNNING' })
  kill(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: KillQuery): Promise<void> {
    return this.killer.execute(principal, id, query.signal);
  }

  @Post(':id/pause')
  @RequiresRole('operator')
  @HttpCode(200)
  @ApiOkResponse({ type: ContainerDetailDto, description: 'Frozen (cgroup freezer).' })
  @ApiProblems({ 404: 'CONTAINER_NOT_FOUND', 409: 'CONTAINER_NOT_RUNNING, INVALID_STATUS' })
  pause(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ContainerDetail> {
    return this.pauser.execute(principal, id);
  }

  @Post(':id/unpause')
  @RequiresRole('operator')
  @HttpCode(200)
  @ApiOkResponse({ type: ContainerDetailDto })
  @ApiProblems({ 404: 'CONTAINER_NOT_FOUND', 409: 'INVALID_STATUS' })
  unpause(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ContainerDetail> {
    return this.unpauser.execute(principal, id);
  }

  @Post(':id/wait')
  @RequiresRole('operator')
  @HttpCode(200)
  @ApiOkResponse({ type: WaitResultDto, description: 'Once the container has stopped.' })
  @ApiProblems({ 400: 'VALIDATION_FAILED', 404: 'CONTAINER_NOT_FOUND', 408: 'WAIT_TIMEOUT' })
  wait(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: WaitQuery): Promise<WaitResult> {
    return this.waiter.execute(principal, id, query.timeout !== undefined ? query.timeout * 1000 : undefined);
  }

  @Post(':id/rename')
  @RequiresRole('operator')
  @HttpCode(200)
  @ApiOkResponse({ type: ContainerDetailDto })
  @ApiProblems({ 400: 'VALIDATION_FAILED', 404: 'CONTAINER_NOT_FOUND', 409: 'NAME_IN_USE' })
  rename(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: RenameContainerDto): Promise<ContainerDetail> {
    return this.renamer.execute(principal, id, body.name);
  }

  @Post(':id/update')
  @RequiresRole('operator')
  @HttpCode(200)
  @ApiOkResponse({ type: ContainerDetailDto, description: 'A running container gets the new limits at once, a stopped one at its next start.' })
  @ApiProblems({ 400: 'VALIDATION_FAILED, INVALID_RESOURCES, CONFLICTING_OPTIONS', 404: 'CONTAINER_NOT_FOUND', 409: 'QUOTA_EXCEEDED' })
  update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: UpdateContainerDto): Promise<ContainerDetail> {
    return this.updater.execute(principal, id, body);
  }

  @Get(':id/top')
  @RequiresRole('viewer')
  @ApiOkResponse({ type: TopResultDto, description: 'The processes inside (`docker top`).' })
  @ApiProblems({ 404: 'CONTAINER_NOT_FOUND', 409: 'CONTAINER_NOT_RUNNING' })
  top(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<TopResult> {
    return this.containers.top(principal, id);
  }

  @Post(':id/exec')
  @RequiresRole('operator')
  @HttpCode(200)
  @ApiOkResponse({ type: ExecResultDto, description: 'Once the command has exited; each output keeps its first MiB.' })
  @ApiProblems({ 400: 'VALIDATION_FAILED, INVALID_USER', 404: 'CONTAINER_NOT_FOUND', 409: 'CONTAINER_NOT_RUNNING' })
  exec(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: ExecDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ExecResultBody> {
    // A caller that hangs up does not leave its command running.
    const controller = new AbortController();
    response.on('close', () => controller.abort());
    return this.executor.execute(principal, id, body, controller.signal);
  }

  @Post(':id/commit')
  @RequiresRole('operator')
  @ApiCreatedResponse({ type: CommitResultDto, description: 'The new image (`docker commit`).' })
  @ApiProblems({ 400: 'VALIDATION_FAILED, INVALID_REFERENCE', 404: 'CONTAINER_NOT_FOUND', 409: 'CONTENT_CHANGED, QUOTA_EXCEEDED' })
  commit(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: CommitContainerDto): Promise<CommitResult> {
    return this.committer.execute(principal, id, body);
  }

  @Delete(':id')
  @RequiresRole('operator')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed, with its bundle and anonymous state.' })
  @ApiProblems({ 400: 'VALIDATION_FAILED', 404: 'CONTAINER_NOT_FOUND', 409: 'CONTAINER_RUNNING (without force)' })
  remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: RemoveQuery): Promise<void> {
    return this.remover.execute(principal, id, query.force ?? false);
  }

  @Get(':id/logs')
  @RequiresRole('viewer')
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({
    type: [LogRecordDto],
    description: 'JSON records, or with follow / Accept: text/event-stream one `log` event per record until the container stops.',
  })
  @ApiProblems({ 400: 'VALIDATION_FAILED', 404: 'CONTAINER_NOT_FOUND' })
  async logs(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: LogsQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const follow = wantsStream(request, query.follow);
    const controller = new AbortController();
    const filter = { stdout: query.stdout ?? true, stderr: query.stderr ?? true, since: query.since, until: query.until, tail: query.tail };
    const open = (live: boolean) => this.containers.logs(principal, id, live, controller.signal);
    // Resolve the container (404) before any stream starts.
    const history = await open(false);
    if (!follow) {
      const records = [];
      for await (const record of filterLogs(history, filter)) records.push(query.timestamps ? record : { stream: record.stream, log: record.log });
      response.json(records);
      return;
    }
    const records = tailThenFollow((live) => (live ? iterate(() => open(true)) : history), filter);
    await sendSse(response, controller, records, 'log', (record) => (query.timestamps ? record : { stream: record.stream, log: record.log }));
  }

  @Get(':id/stats')
  @RequiresRole('viewer')
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({
    type: ContainerStatsDto,
    description: 'One reading, or with stream / Accept: text/event-stream one `stats` event every `interval` seconds.',
  })
  @ApiProblems({ 400: 'VALIDATION_FAILED', 404: 'CONTAINER_NOT_FOUND', 409: 'CONTAINER_NOT_RUNNING' })
  async stats(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: StatsQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    if (!wantsStream(request, query.stream)) {
      response.json(await this.containers.stats(principal, id));
      return;
    }
    const controller = new AbortController();
    const stream = await this.containers.statsStream(principal, id, (query.interval ?? 1) * 1000);
    controller.signal.addEventListener('abort', () => void stream.return(undefined));
    await sendSse(response, controller, stream, 'stats', (stats) => stats);
  }
}

/** An async generator opened lazily: the follow starts only once the history is through. */
async function* iterate<T>(open: () => Promise<AsyncIterable<T>>): AsyncGenerator<T> {
  yield* await open();
}
