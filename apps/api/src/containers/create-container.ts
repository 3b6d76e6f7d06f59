import { existsSync, rmSync, statSync } from 'node:fs';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { ContainerDetail, CreateContainerRequest } from '@berth/contracts';
import { APP_CONTEXT, type AppContext } from '../app-context.js';
import { ContainerBundles } from '../engine/container-bundle.js';
import { RuntimeAdapter, type PathKind } from '../engine/runtime-adapter.js';
import { EventsService } from '../events/events.service.js';
import { HostAccessService } from '../access/host-access/host-access.service.js';
import type { Principal } from '../auth/principal.js';
import { ProblemException } from '../http/problem.js';
import { ImagesService } from '../images/images.service.js';
import { ContainerNetworking } from '../networks/container-networking.service.js';
import { TeamQuotas } from '../quotas/team-quotas.service.js';
import { VolumesService } from '../volumes/volumes.service.js';
import { VolumeStorage } from '../volumes/volume-storage.js';
import { ContainerLauncher } from './container-launcher.service.js';
import type { MountFacts } from './container-mounts.js';
import { generatedName, newContainerId } from './container-names.js';
import { nameInUse } from './container-guards.js';
import { ContainersRepository, type ContainerRow } from './containers.repository.js';
import { ContainersService } from './containers.service.js';
import { resolveImageUser } from './image-user.js';
import { checkCreateRequest, planContainer, type ContainerPlan } from './plan-container.js';

/**
 * `docker create`: look up what the plan needs (reads only), plan (every refusal, pure),
 * then make — volumes, bundle, runtime container, row, network membership, hosts file — with
 * one undo path that reverses exactly what was made, newest first, when a step fails.
 */
@Injectable()
export class CreateContainer {
  private readonly logger = new Logger('CreateContainer');

  constructor(
    private readonly containers: ContainersService,
    private readonly repository: ContainersRepository,
    private readonly images: ImagesService,
    private readonly volumes: VolumesService,
    private readonly volumeStorage: VolumeStorage,
    private readonly runtime: RuntimeAdapter,
    private readonly bundles: ContainerBundles,
    private readonly launcher: ContainerLauncher,
    private readonly networking: ContainerNetworking,
    private readonly quotas: TeamQuotas,
    private readonly events: EventsService,
    private readonly hostAccess: HostAccessService,
    @Inject(APP_CONTEXT) private readonly context: AppContext,
  ) {}

  async execute(principal: Principal, request: CreateContainerRequest): Promise<ContainerDetail> {
    const teamId = principal.teamId;
    checkCreateRequest(request, (checked) => this.hostAccess.checkContainerCreate(principal, checked));
    // The name, the image and the team's room are independent reads: one round trip for the
    // three, not three. Awaited in the order their refusals always came (name, image, the
    // plan's, then the team's bound); `settle` keeps a later refusal from going unhandled.
    const naming = this.nameFor(teamId, request.name);
    const preparing = this.images.prepareForRun(teamId, request.image);
    const room = this.quotas.requireContainerRoom(teamId);
    settle(naming, preparing, room);
    const name = await naming;
    const image = await preparing;
    const id = newContainerId();
    const plan = planContainer({
      id,
      name,
      request,
      image,
      user: resolveImageUser(request.user ?? image.config.config?.User, image.lowerDirs),
      bundle: this.bundles.layout(id),
      mountFacts: await this.mountFacts(teamId, request),
      pathKind,
      defaultPidsLimit: this.context.config.pidsLimit,
    });
    await room;
    await this.quotas.requireMemoryRoom(teamId, plan.spec.linux?.resources?.memory?.limit);
    // The last refusals (unknown network, ports); the team's default network is made here on first use.
    const network = await this.networking.plan(teamId, request);
    const row = await this.make(teamId, plan, network, { id: image.id, digest: image.digest, lowerDirs: image.lowerDirs, privileged: request.privileged });
    this.events.record({ teamId, type: 'container', action: 'create', actorId: id, attributes: { name, image: request.image } });
    return this.containers.detail(row);
  }

  /** A generated name just found free, or the given one if it is (the unique key settles races). */
  private async nameFor(teamId: string, given: string | undefined): Promise<string> {
    if (given === undefined) return this.freeName(teamId);
    if (await this.repository.nameTaken(teamId, given)) throw nameInUse(given);
    return given;
  }

  private async make(
    teamId: string,
    plan: ContainerPlan,
    network: Awaited<ReturnType<ContainerNetworking['plan']>>,
    image: { id: string; digest: string; lowerDirs: string[]; privileged?: boolean },
  ): Promise<ContainerRow> {
    const undo: { what: string; step: () => Promise<void> | void }[] = [];
    const { id } = plan;
    try {
      const volumes = [];
      for (const volume of plan.volumes) {
        const made = await this.volumes.resolveForMount(teamId, volume.name);
        if (volume.create) undo.push({ what: `volume ${volume.name}`, step: () => this.volumes.remove(teamId, volume.name, true) });
        volumes.push({ volumeId: made.id, destination: volume.target, readOnly: volume.readOnly });
      }
      const bundle = this.bundles.make(id, plan.spec);
      undo.push({ what: 'bundle', step: () => rmSync(bundle.dir, { recursive: true, force: true }) });
      // The bind mount's source must exist at create; it gets the addresses once they are assigned.
      this.networking.writeEmptyHosts(id);
      await this.launcher.create(id, { privileged: image.privileged, lowerDirs: image.lowerDirs });
      undo.push({ what: 'runtime container', step: () => this.runtime.delete(id, { force: true }) });
      const row = await this.repository
        .insert(
          {
            id,
            name: plan.name,
            teamId,
            imageId: image.id,
            imageRef: plan.config.image,
            command: plan.spec.process?.args ?? [],
            spec: plan.spec,
            config: plan.config,
            labels: plan.config.labels ?? {},
            restartPolicy: plan.restartPolicy.name,
            restartMaxRetries: plan.restartPolicy.maximumRetryCount,
            autoRemove: plan.autoRemove,
            volumes,
          },
          { digest: image.digest },
        )
        .catch((error: { code?: string }) => {
          throw error.code === 'P2002' ? nameInUse(plan.name) : error;
        });
      // Its memberships and ports go with the row.
      undo.push({ what: 'row', step: () => this.repository.remove(id) });
      await this.networking.join(id, network);
      // Without a network the empty hosts file written above is the whole of it.
      if (network.networkIds.length > 0) await this.networking.writeHosts(id);
      return row;
    } catch (error) {
      for (const { what, step } of undo.reverse()) {
        try {
          await step();
        } catch (undoError) {
          this.logger.error(`undoing the create of ${id}: removing its ${what}: ${(undoError as Error).message}`);
        }
      }
      throw error;
    }
  }

  /** Each named volume's data directory, and whether the make phase must create it. */
  private async mountFacts(teamId: string, request: CreateContainerRequest): Promise<MountFacts> {
    const names = [...new Set((request.mounts ?? []).filter((mount) => mount.type === 'volume' && mount.source).map((mount) => mount.source!))];
    const found = new Map<string, string>();
    for (const name of names) {
      const existing = await this.volumes.inspect(teamId, name).catch((error: unknown) => {
        if (error instanceof ProblemException && error.getStatus() === HttpStatus.NOT_FOUND) return undefined;
        throw error;
      });
      if (existing) found.set(name, existing.mountpoint);
    }
    return {
      volume: (name) => ({ mountpoint: found.get(name) ?? this.volumeStorage.mountpoint(teamId, name), exists: found.has(name) }),
      hostPathExists: existsSync,
    };
  }

  private async freeName(teamId: string): Promise<string> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const name = generatedName();
      if (!(await this.repository.nameTaken(teamId, name))) return name;
    }
    throw new ProblemException(HttpStatus.CONFLICT, 'NAME_IN_USE', 'could not find a free container name; give one');
  }
}

/** What a host path is now: the plan's view of bind sources. */
function pathKind(path: string): PathKind {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'other';
  } catch {
    return 'missing';
  }
}

/** Marks the promises handled: the caller awaits them one by one and may stop at the first refusal. */
function settle(...promises: Promise<unknown>[]): void {
  void Promise.allSettled(promises);
}
