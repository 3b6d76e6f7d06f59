import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type {
  CommitRequest,
  CommitResult,
  ContainerDetail,
  ContainerList,
  CreateContainerRequest,
  ExecRequest,
  ExecResultBody,
  NetworkCounters,
  TopResult,
  UpdateContainerRequest,
  WaitResult,
} from '@berth/contracts';
import { DEFAULT_NETWORK, EXEC_OUTPUT_LIMIT } from '@berth/contracts';
import type { ContainerStats, LogRecord } from '@berth/runtime';
import { RuntimeError, type ContainerStatus } from '@berth/runtime/model';
import { EngineService } from '../engine/engine.service.js';
import { APP_CONTEXT, type AppContext } from '../app-context.js';
import { EventsService } from '../events/events.service.js';
import { TeamQuotas } from '../quotas/team-quotas.service.js';
import { ProblemException } from '../http/problem.js';
import { viaRuntime } from '../http/runtime-errors.js';
import { ImagesService } from '../images/images.service.js';
import { ContainerNetworking } from '../networks/container-networking.service.js';
import { HostAccessService } from '../access/host-access/host-access.service.js';
import type { Principal } from '../auth/principal.js';
import { VolumesService } from '../volumes/volumes.service.js';
import { resolveMounts } from './container-mounts.js';
import { generatedName, newContainerId, runtimeId, validateName } from './container-names.js';
import { toOciResources } from './container-resources.js';
import { containerSpec } from './container-spec.js';
import { toDetail, toSummary } from './container-view.js';
import { ContainersRepository, type ContainerRow } from './containers.repository.js';
import { ContainerSupervisor } from './container-supervisor.service.js';
import { ContainerCommitService } from './container-commit.service.js';
import { ContainerLauncher } from './container-launcher.service.js';
import { BoundedOutput } from './bounded-output.js';
import { resolveImageUser } from './image-user.js';

/** A stats reading: the cgroup's counters and each interface's rx/tx. */
export type StatsReading = ContainerStats & { networks: Record<string, NetworkCounters> };

export interface ListQuery {
  all?: boolean;
  statuses?: ContainerStatus[];
  name?: string;
  labels?: string[];
  ancestor?: string;
  offset?: number;
  limit?: number;
}

/** The container lifecycle of the API: catalogue rows, the runtime underneath, events for each step. */
@Injectable()
export class ContainersService {
  constructor(
    private readonly engine: EngineService,
    private readonly repository: ContainersRepository,
    private readonly images: ImagesService,
    private readonly volumes: VolumesService,
    private readonly events: EventsService,
    private readonly launcher: ContainerLauncher,
    private readonly supervisor: ContainerSupervisor,
    private readonly committer: ContainerCommitService,
    private readonly networking: ContainerNetworking,
    private readonly quotas: TeamQuotas,
    @Inject(APP_CONTEXT) private readonly context: AppContext,
    private readonly hostAccess: HostAccessService,
  ) {}

  async create(principal: Principal, request: CreateContainerRequest): Promise<ContainerDetail> {
    // What reaches the host is decided first, before the default network or a volume is made for the request.
    this.hostAccess.checkContainerCreate(principal, request);
    // A generated name was just found free; a given one is checked here (the unique key settles races).
    const name = request.name !== undefined ? validateName(request.name) : await this.freeName(principal.teamId);
    if (request.name !== undefined && (await this.repository.nameTaken(principal.teamId, name))) throw nameInUse(name);
    const image = await this.images.prepareForRun(principal.teamId, request.image);
    const id = newContainerId();
    const user = resolveImageUser(request.user ?? image.config.config?.User, image.lowerDirs);
    // Everything that can refuse the request has its say before a volume is made for it.
    const planned = containerSpec({ id, request, image: image.config, user, mounts: [] });
    await this.quotas.requireContainerRoom(principal.teamId, planned.linux?.resources?.memory?.limit);
    const network = await this.networking.plan(principal.teamId, request);
    const { mounts, volumes } = await resolveMounts(request.mounts ?? [], (volume) => this.volumes.resolveForMount(principal.teamId, volume));
    const spec = containerSpec({
      id,
      request,
      image: image.config,
      user,
      mounts,
      hostsFile: this.networking.hostsPath(id),
      defaultPidsLimit: this.context.config.pidsLimit,
    });
    const config: CreateContainerRequest = { ...request, name, network: request.network ?? DEFAULT_NETWORK };
    const policy = request.restartPolicy ?? { name: 'no' };
    if (request.autoRemove && policy.name !== 'no') {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'CONFLICTING_OPTIONS', 'autoRemove and a restart policy other than "no" cannot be combined');
    }
    const bundle = this.launcher.bundleDir(id);
    mkdirSync(join(bundle, 'rootfs'), { recursive: true, mode: 0o755 });
    try {
      writeFileSync(join(bundle, 'config.json'), JSON.stringify(spec));
      // The bind mount's source must exist at create; it gets the addresses once they are assigned.
      this.networking.writeEmptyHosts(id);
      await this.launcher.create(id, { privileged: request.privileged, lowerDirs: image.lowerDirs });
      let row: ContainerRow;
      try {
        row = await this.repository.insert(
          {
            id,
            name,
            teamId: principal.teamId,
            imageId: image.id,
            imageRef: request.image,
            command: spec.process?.args ?? [],
            spec,
            config,
            labels: request.labels ?? {},
            restartPolicy: policy.name,
            restartMaxRetries: policy.maximumRetryCount ?? 0,
            autoRemove: request.autoRemove ?? false,
            volumes,
          },
          { digest: image.digest },
        );
      } catch (error) {
        await this.engine.runtime.delete(runtimeId(id), { force: true }).catch(() => undefined);
        if ((error as { code?: string }).code === 'P2002') throw nameInUse(name);
        throw error;
      }
      try {
        await this.networking.join(id, network);
        // Without a network the empty hosts file written above is the whole of it.
        if (network.networkIds.length > 0) await this.networking.writeHosts(id);
      } catch (error) {
        await this.engine.runtime.delete(runtimeId(id), { force: true }).catch(() => undefined);
        await this.repository.remove(id);
        throw error;
      }
      await this.events.record({ teamId: principal.teamId, type: 'container', action: 'create', actorId: id, attributes: { name, image: request.image } });
      return this.detail(row);
    } catch (error) {
      rmSync(bundle, { recursive: true, force: true });
      throw error;
    }
  }

  async list(principal: Principal, query: ListQuery): Promise<ContainerList> {
    const statuses = query.statuses ?? (query.all ? undefined : (['running', 'paused'] as ContainerStatus[]));
    const imageId = query.ancestor ? (await this.images.find(principal.teamId, query.ancestor)).id : undefined;
    const { rows, total } = await this.repository.list({
      teamId: principal.teamId,
      statuses,
      name: query.name,
      labels: query.labels,
      imageId,
      offset: query.offset ?? 0,
      limit: query.limit ?? 100,
    });
    return { items: rows.map(toSummary), total };
  }

  async inspect(principal: Principal, idOrName: string): Promise<ContainerDetail> {
    return this.detail(await this.row(principal, idOrName));
  }

  async start(principal: Principal, idOrName: string): Promise<ContainerDetail> {
    const row = await this.row(principal, idOrName);
    if (row.status === 'running' || row.status === 'paused') return this.detail(row);
    const started = await this.supervisor.start(row, { byUser: true });
    return this.detail(started);
  }

  async stop(principal: Principal, idOrName: string, timeoutSeconds = 10): Promise<ContainerDetail> {
    const row = await this.row(principal, idOrName);
    return this.detail(await this.supervisor.stop(row, timeoutSeconds));
  }

  async restart(principal: Principal, idOrName: string, timeoutSeconds = 10): Promise<ContainerDetail> {
    const row = await this.row(principal, idOrName);
    const stopped = await this.supervisor.stop(row, timeoutSeconds);
    const started = await this.supervisor.start(stopped, { byUser: true });
    await this.events.record({ teamId: row.teamId, type: 'container', action: 'restart', actorId: row.id, attributes: { name: row.name } });
    return this.detail(started);
  }

  async kill(principal: Principal, idOrName: string, signal = 'SIGKILL'): Promise<void> {
    const row = await this.row(principal, idOrName);
    if (row.status !== 'running' && row.status !== 'paused') throw notRunning(row);
    await viaRuntime(() => this.engine.runtime.kill(runtimeId(row.id), signal));
    // An explicit kill is the user stopping it: no restart (Docker's unless-stopped keeps restarting on a kill; Berth follows the user).
    await this.repository.update(row.id, { stoppedByUser: true }, row);
    await this.events.record({ teamId: row.teamId, type: 'container', action: 'kill', actorId: row.id, attributes: { name: row.name, signal } });
  }

  async pause(principal: Principal, idOrName: string): Promise<ContainerDetail> {
    const row = await this.row(principal, idOrName);
    if (row.status !== 'running')
      throw new ProblemException(HttpStatus.CONFLICT, 'INVALID_STATUS', `container ${row.name} is ${row.status}; only a running container can be paused`);
    await viaRuntime(() => this.engine.runtime.pause(runtimeId(row.id)));
    const paused = await this.repository.update(row.id, { status: 'paused' }, row);
    await this.events.record({ teamId: row.teamId, type: 'container', action: 'pause', actorId: row.id, attributes: { name: row.name } });
    return this.detail(paused);
  }

  async unpause(principal: Principal, idOrName: string): Promise<ContainerDetail> {
    const row = await this.row(principal, idOrName);
    if (row.status !== 'paused') throw new ProblemException(HttpStatus.CONFLICT, 'INVALID_STATUS', `container ${row.name} is ${row.status}, not paused`);
    await viaRuntime(() => this.engine.runtime.resume(runtimeId(row.id)));
    const running = await this.repository.update(row.id, { status: 'running' }, row);
    await this.events.record({ teamId: row.teamId, type: 'container', action: 'unpause', actorId: row.id, attributes: { name: row.name } });
    return this.detail(running);
  }

  /** Resolves when the container is next stopped (now, if it is), with its exit code. */
  async wait(principal: Principal, idOrName: string, timeoutMs?: number): Promise<WaitResult> {
    const row = await this.row(principal, idOrName);
    const stopped = await this.supervisor.waitStopped(row.id, timeoutMs);
    return { exitCode: stopped.exitCode ?? -1, oomKilled: stopped.oomKilled };
  }

  async remove(principal: Principal, idOrName: string, force = false): Promise<void> {
    const row = await this.row(principal, idOrName);
    if ((row.status === 'running' || row.status === 'paused') && !force) {
      throw new ProblemException(HttpStatus.CONFLICT, 'CONTAINER_RUNNING', `container ${row.name} is ${row.status}: stop it first, or remove with force=true`);
    }
    await this.supervisor.remove(row);
  }

  async rename(principal: Principal, idOrName: string, newName: string): Promise<ContainerDetail> {
    const row = await this.row(principal, idOrName);
    validateName(newName);
    if (newName === row.name) return this.detail(row);
    if (await this.repository.nameTaken(principal.teamId, newName)) throw nameInUse(newName);
    const renamed = await this.repository.update(row.id, { name: newName }, row).catch((error: { code?: string }) => {
      throw error.code === 'P2002' ? nameInUse(newName) : error;
    });
    await this.events.record({ teamId: row.teamId, type: 'container', action: 'rename', actorId: row.id, attributes: { name: newName, oldName: row.name } });
    return this.detail(renamed);
  }

  async update(principal: Principal, idOrName: string, request: UpdateContainerRequest): Promise<ContainerDetail> {
    const row = await this.row(principal, idOrName);
    this.hostAccess.checkContainerUpdate(principal, request);
    const resources = toOciResources(request.resources);
    if (resources.memory?.limit !== undefined) await this.quotas.requireMemoryRoom(row.teamId, resources.memory.limit, row.id);
    const spec = row.spec as { linux?: { resources?: object } };
    const data: Parameters<ContainersRepository['update']>[1] = {};
    if (Object.keys(resources).length > 0) {
      // Live containers change now; stopped ones take the new limits at their next start.
      if (row.status === 'running' || row.status === 'paused') await viaRuntime(() => this.engine.runtime.update(runtimeId(row.id), resources));
      const merged = { ...spec, linux: { ...spec.linux, resources: { ...spec.linux?.resources, ...resources } } };
      writeFileSync(join(this.launcher.bundleDir(row.id), 'config.json'), JSON.stringify(merged));
      data.spec = merged;
      data.config = { ...(row.config as object), resources: { ...(row.config as CreateContainerRequest).resources, ...request.resources } };
    }
    if (request.restartPolicy) {
      if (row.autoRemove && request.restartPolicy.name !== 'no') {
        throw new ProblemException(HttpStatus.BAD_REQUEST, 'CONFLICTING_OPTIONS', 'an auto-removed container cannot get a restart policy');
      }
      data.restartPolicy = request.restartPolicy.name;
      data.restartMaxRetries = request.restartPolicy.maximumRetryCount ?? 0;
    }
    const updated = await this.repository.update(row.id, data, row);
    await this.events.record({ teamId: row.teamId, type: 'container', action: 'update', actorId: row.id, attributes: { name: row.name } });
    return this.detail(updated);
  }

  async top(principal: Principal, idOrName: string): Promise<TopResult> {
    const row = await this.row(principal, idOrName);
    if (row.status !== 'running' && row.status !== 'paused') throw notRunning(row);
    const pids = await viaRuntime(() => this.engine.runtime.ps(runtimeId(row.id)));
    return { titles: ['PID', 'PPID', 'STAT', 'COMMAND'], processes: pids.map(processRow).filter((process) => process !== undefined) };
  }

  /**
   * Runs a command to its end and answers its output, each stream bounded to
   * EXEC_OUTPUT_LIMIT bytes (the rest is counted and dropped: `stdoutTruncated`), so memory
   * stays constant whatever the command prints. The command is killed when the caller goes away.
   */
  async exec(principal: Principal, idOrName: string, request: ExecRequest, signal?: AbortSignal): Promise<ExecResultBody> {
    const row = await this.row(principal, idOrName);
    this.hostAccess.checkContainerEntry(principal, row);
    if (row.status !== 'running') throw notRunning(row);
    const image = request.user !== undefined ? await this.images.prepareForRun(principal.teamId, row.image?.digest ?? row.imageRef) : undefined;
    const user = image ? resolveImageUser(request.user, image.lowerDirs) : undefined;
    const output = { stdout: new BoundedOutput(EXEC_OUTPUT_LIMIT), stderr: new BoundedOutput(EXEC_OUTPUT_LIMIT) };
    const session = await viaRuntime(() =>
      this.engine.runtime.execSession(runtimeId(row.id), {
        args: request.cmd,
        env: request.env,
        cwd: request.workingDir,
        user,
        onOutput: (stream, data) => output[stream].push(data),
      }),
    );
    session.endInput();
    const abandon = () => session.kill('SIGKILL');
    signal?.addEventListener('abort', abandon, { once: true });
    const exitCode = await viaRuntime(() => session.exit).finally(() => signal?.removeEventListener('abort', abandon));
    await this.events.record({
      teamId: row.teamId,
      type: 'container',
      action: 'exec',
      actorId: row.id,
      attributes: { name: row.name, cmd: request.cmd.join(' ') },
    });
    return {
      exitCode,
      stdout: output.stdout.text(),
      stderr: output.stderr.text(),
      stdoutTruncated: output.stdout.truncated,
      stderrTruncated: output.stderr.truncated,
      stdoutBytes: output.stdout.totalBytes,
      stderrBytes: output.stderr.totalBytes,
    };
  }

  async logs(principal: Principal, idOrName: string, follow: boolean, signal?: AbortSignal): Promise<AsyncGenerator<LogRecord>> {
    const row = await this.row(principal, idOrName);
    const live = follow && (row.status === 'running' || row.status === 'paused' || row.status === 'created');
    return this.launcher.logs(row.id, { follow: live, signal });
  }

  async stats(principal: Principal, idOrName: string): Promise<StatsReading> {
    const row = await this.row(principal, idOrName);
    if (row.status !== 'running' && row.status !== 'paused') throw notRunning(row);
    // The runtime names the container by its runtime id; callers know it by its own.
    const stats = await viaRuntime(() => this.engine.runtime.stats(runtimeId(row.id)));
    return { ...stats, id: row.id, networks: row.pid ? await this.networking.counters(row.id, row.pid) : {} };
  }

  async statsStream(principal: Principal, idOrName: string, intervalMs: number): Promise<AsyncGenerator<StatsReading>> {
    const row = await this.row(principal, idOrName);
    if (row.status !== 'running' && row.status !== 'paused') throw notRunning(row);
    const networks = () => (row.pid ? this.networking.counters(row.id, row.pid) : Promise.resolve({}));
    return withId(this.engine.runtime.statsStream(runtimeId(row.id), intervalMs), row.id, networks);
  }

  async commit(principal: Principal, idOrName: string, request: CommitRequest): Promise<CommitResult> {
    const row = await this.row(principal, idOrName);
    return this.committer.commit(row, request, this.launcher.bundleDir(row.id));
  }

  /** The team's container, or 404. */
  async row(principal: Principal, idOrName: string): Promise<ContainerRow> {
    const row = await this.repository.find(principal.teamId, idOrName);
    if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'CONTAINER_NOT_FOUND', `no such container: ${idOrName}`);
    return row;
  }

  private async detail(row: ContainerRow): Promise<ContainerDetail> {
    const config = row.config as CreateContainerRequest;
    // Only a container that asked for mounts has volume rows to read.
    const volumes = config.mounts?.length ? await this.repository.mounts(row.id) : [];
    const spec = row.spec as { mounts?: { destination: string; type?: string; source?: string; options?: string[] }[] };
    const byDestination = new Map(volumes.map((mount) => [mount.destination, mount]));
    const requested = ((row.config as CreateContainerRequest).mounts ?? []).map((mount) => mount.target);
    const mounts = (spec.mounts ?? [])
      .filter((mount) => requested.includes(mount.destination))
      .map((mount) => {
        const volume = byDestination.get(mount.destination);
        const type = volume ? 'volume' : mount.type === 'tmpfs' ? 'tmpfs' : 'bind';
        return {
          type,
          source: volume?.volume.name ?? mount.source ?? '',
          target: mount.destination,
          readOnly: mount.options?.includes('ro') ?? false,
        } as const;
      });
    return toDetail(row, mounts, await this.networking.view(row.id, config));
  }

  private async freeName(teamId: string): Promise<string> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const name = generatedName();
      if (!(await this.repository.nameTaken(teamId, name))) return name;
    }
    throw new ProblemException(HttpStatus.CONFLICT, 'NAME_IN_USE', 'could not find a free container name; give one');
  }
}

function nameInUse(name: string): ProblemException {
  return new ProblemException(
    HttpStatus.CONFLICT,
    'NAME_IN_USE',
    `the container name ${name} is already in use in this team; remove that container or pick another name`,
  );
}

function notRunning(row: ContainerRow): ProblemException {
  return new ProblemException(HttpStatus.CONFLICT, 'CONTAINER_NOT_RUNNING', `container ${row.name} is ${row.status}, not running`);
}

/** One `top` line from /proc: pid, parent, state and command line. */
function processRow(pid: number): string[] | undefined {
  try {
    const stat = readProc(`/proc/${pid}/stat`);
    const close = stat.lastIndexOf(')');
    const [state, ppid] = stat.slice(close + 2).split(' ');
    const cmdline = readProc(`/proc/${pid}/cmdline`).split('\0').filter(Boolean).join(' ');
    return [String(pid), ppid ?? '', state ?? '', cmdline || stat.slice(stat.indexOf('(') + 1, close)];
  } catch (error) {
    if (error instanceof RuntimeError || (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // exited meanwhile
    throw error;
  }
}

function readProc(path: string): string {
  return readFileSync(path, 'utf8');
}

/** The runtime's readings under the API's id, with the network counters beside the cgroup's. */
async function* withId(
  stream: AsyncGenerator<ContainerStats>,
  id: string,
  networks: () => Promise<Record<string, NetworkCounters>>,
): AsyncGenerator<StatsReading> {
  try {
    for await (const stats of stream) yield { ...stats, id, networks: await networks() };
  } finally {
    await stream.return(undefined);
  }
}
