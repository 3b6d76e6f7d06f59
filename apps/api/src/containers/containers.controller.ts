import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { CommitResult, ContainerDetail, ContainerList, ExecResultBody, TopResult, WaitResult } from '@berth/contracts';
import type { Request, Response } from 'express';
import { RequiresRole } from '../auth/access-rule.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { filterLogs, tailThenFollow } from './container-logs.js';
import { ContainersService } from './containers.service.js';
import { CommitContainerDto } from './dto/commit.dto.js';
import { CreateContainerDto } from './dto/create-container.dto.js';
import { ExecDto } from './dto/exec.dto.js';
import { ListContainersQuery } from './dto/list-containers.query.js';
import { KillQuery, LogsQuery, RemoveQuery, StatsQuery, StopQuery, WaitQuery } from './dto/lifecycle.query.js';
import { RenameContainerDto } from './dto/rename.dto.js';
import { UpdateContainerDto } from './dto/update-container.dto.js';
import { sendSse, wantsStream } from './sse-response.js';

@ApiTags('containers')
@Controller('containers')
export class ContainersController {
  constructor(private readonly containers: ContainersService) {}

  @Post()
  @RequiresRole('operator')
  @ApiCreatedResponse({ description: 'Created (not started), like `docker create`.' })
  @ApiForbiddenResponse({
    description: 'HOST_ACCESS_DENIED with `field`: host network, privileged, extra capabilities, bind mounts or host ports below 1024 need the admin role',
  })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateContainerDto): Promise<ContainerDetail> {
    return this.containers.create(principal, body);
  }

  @Get()
  @RequiresRole('viewer')
  @ApiOkResponse({ description: 'Running and paused ones, or all with `all=true`; newest first.' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListContainersQuery): Promise<ContainerList> {
    return this.containers.list(principal, { ...query, statuses: query.status, labels: query.label });
  }

  @Get(':id')
  @RequiresRole('viewer')
  inspect(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ContainerDetail> {
    return this.containers.inspect(principal, id);
  }

  @Post(':id/start')
  @RequiresRole('operator')
  @HttpCode(200)
  start(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ContainerDetail> {
    return this.containers.start(principal, id);
  }

  @Post(':id/stop')
  @RequiresRole('operator')
  @HttpCode(200)
  stop(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: StopQuery): Promise<ContainerDetail> {
    return this.containers.stop(principal, id, query.t);
  }

  @Post(':id/restart')
  @RequiresRole('operator')
  @HttpCode(200)
  restart(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: StopQuery): Promise<ContainerDetail> {
    return this.containers.restart(principal, id, query.t);
  }

  @Post(':id/kill')
  @RequiresRole('operator')
  @HttpCode(204)
  @ApiNoContentResponse()
  kill(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: KillQuery): Promise<void> {
    return this.containers.kill(principal, id, query.signal);
  }

  @Post(':id/pause')
  @RequiresRole('operator')
  @HttpCode(200)
  pause(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ContainerDetail> {
    return this.containers.pause(principal, id);
  }

  @Post(':id/unpause')
  @RequiresRole('operator')
  @HttpCode(200)
  unpause(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ContainerDetail> {
    return this.containers.unpause(principal, id);
  }

  @Post(':id/wait')
  @RequiresRole('operator')
  @HttpCode(200)
  wait(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: WaitQuery): Promise<WaitResult> {
    return this.containers.wait(principal, id, query.timeout !== undefined ? query.timeout * 1000 : undefined);
  }

  @Post(':id/rename')
  @RequiresRole('operator')
  @HttpCode(200)
  rename(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: RenameContainerDto): Promise<ContainerDetail> {
    return this.containers.rename(principal, id, body.name);
  }

  @Post(':id/update')
  @RequiresRole('operator')
  @HttpCode(200)
  update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: UpdateContainerDto): Promise<ContainerDetail> {
    return this.containers.update(principal, id, body);
  }

  @Get(':id/top')
  @RequiresRole('viewer')
  top(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<TopResult> {
    return this.containers.top(principal, id);
  }

  @Post(':id/exec')
  @RequiresRole('operator')
  @HttpCode(200)
  exec(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: ExecDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ExecResultBody> {
    // A caller that hangs up does not leave its command running.
    const controller = new AbortController();
    response.on('close', () => controller.abort());
    return this.containers.exec(principal, id, body, controller.signal);
  }

  @Post(':id/commit')
  @RequiresRole('operator')
  @ApiCreatedResponse({ description: 'The new image (`docker commit`).' })
  commit(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: CommitContainerDto): Promise<CommitResult> {
    return this.containers.commit(principal, id, body);
  }

  @Delete(':id')
  @RequiresRole('operator')
  @HttpCode(204)
  remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: RemoveQuery): Promise<void> {
    return this.containers.remove(principal, id, query.force ?? false);
  }

  @Get(':id/logs')
  @RequiresRole('viewer')
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ description: 'JSON records, or with follow / Accept: text/event-stream one `log` event per record until the container stops.' })
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
