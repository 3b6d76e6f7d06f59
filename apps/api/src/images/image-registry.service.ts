import { HttpStatus, Injectable } from '@nestjs/common';
import { formatPlatform, parsePlatform, pullImage, pushImage, type Platform, type TransferProgress } from '@berth/images';
import type { Dispatcher } from 'undici';
import type { PullImageRequest, PullImageResponse, PushImageRequest, PushImageResponse } from '@berth/contracts';
import { HostAccessService } from '../access/host-access/host-access.service.js';
import type { Principal } from '../auth/principal.js';
import { EngineService } from '../engine/engine.service.js';
import { EventsService } from '../events/events.service.js';
import { RegistryCredentialsLookup } from '../registry-credentials/registry-credentials-lookup.js';
import { TeamQuotas } from '../quotas/team-quotas.service.js';
import { ProblemException } from '../http/problem.js';
import { asProblem, imageProblem } from './image-errors.js';
import { canonicalName, familiar, isTagName, parseName, repositoryDigest } from './image-names.js';
import { ImageStoreLock } from './image-store-lock.js';
import { ImageStoreNames } from './image-store-names.js';
import { summaryOf } from './image-views.js';
import { ImagesRepository } from './images.repository.js';
import { ImagesService } from './images.service.js';

/**
 * `docker pull` and `docker push` over the OCI distribution protocol. Where the host may
 * connect is the host-access policy's to say (loopback, link-local and private registries are
 * for admins and BERTH_REGISTRY_ALLOW), for the registry and every place it sends the client.
 * Plain HTTP is spoken
 * to loopback registries, and to another registry only when the caller passes
 * `insecure: true` for it. Credentials go to the registry only and are never logged: those the
 * request brings, else the caller's stored login for that registry, else the team's.
 */
@Injectable()
export class ImageRegistryService {
  constructor(
    private readonly engine: EngineService,
    private readonly images: ImagesService,
    private readonly repository: ImagesRepository,
    private readonly names: ImageStoreNames,
    private readonly lock: ImageStoreLock,
    private readonly events: EventsService,
    private readonly quotas: TeamQuotas,
    private readonly hostAccess: HostAccessService,
    private readonly logins: RegistryCredentialsLookup,
  ) {}

  /** Pulls into the store and catalogues for the team; a failed pull leaves no catalogue row and no new name. */
  async pull(principal: Principal, request: PullImageRequest, onProgress: (progress: TransferProgress) => void): Promise<PullImageResponse> {
    const teamId = principal.teamId;
    const reference = parseName(request.reference);
    const name = canonicalName(request.reference);
    const platform = request.platform !== undefined ? platformOf(request.platform) : undefined;
    await this.quotas.requireImageRoom(teamId);
    // Looked up first: the checked dispatcher below must reach `closing` with nothing in between that can throw.
    const credentials = request.auth ?? (await this.logins.credentialsFor(principal, reference.registry));
    const { dispatcher } = await this.hostAccess.checkRegistry(principal, 'reference', reference.registry);
    // The checked connections live as long as the transfer.
    return closing(dispatcher, () =>
      this.lock.withShared(async () => {
        const before = this.names.current();
        try {
          const pulled = await pullImage(this.engine.images, name, {
            platform,
            credentials,
            insecure: request.insecure ? [reference.registry] : [],
            onProgress,
            dispatcher,
          });
          let row = await this.images.catalogue(teamId, pulled);
          // Pulled by tag: remember the digest the registry knows it by too (`docker images --digests`).
          if (isTagName(name)) row = await this.repository.addName(teamId, row.id, repositoryDigest(name, pulled.digest));
          this.events.record({ teamId, type: 'image', action: 'pull', actorId: row.digest, attributes: { name: familiar(name) } });
          const use = await this.repository.containersUsing(teamId, row.id);
          return {
            ...summaryOf(row, use.count),
            reference: name,
            registryDigest: pulled.digest,
            ...(pulled.platform ? { platform: formatPlatform(pulled.platform) } : {}),
          };
        } catch (error) {
          await this.names.syncChangedSince(before);
          throw imageProblem(HostAccessService.registryFailure(error, 'reference'), 'pull');
        }
      }),
    );
  }

  /**
   * Pushes the team's image to `target` (default: the name it was addressed by). The store
   * resolves the source by the image's pin, so another team's use of the same tag can never
   * make this push send their image.
   */
  async push(principal: Principal, reference: string, request: PushImageRequest, onProgress: (progress: TransferProgress) => void): Promise<PushImageResponse> {
    const teamId = principal.teamId;
    const row = await this.images.find(teamId, reference);
    const target = canonicalName(request.target ?? this.defaultTarget(row.repoTags, reference));
    const parsed = parseName(target);
    // Looked up first: the checked dispatcher below must reach `closing` with nothing in between that can throw.
    const credentials = request.auth ?? (await this.logins.credentialsFor(principal, parsed.registry));
    const { dispatcher } = await this.hostAccess.checkRegistry(principal, 'target', parsed.registry);
    // The checked connections live as long as the transfer.
    return closing(dispatcher, () =>
      this.lock.withShared(async () => {
        this.names.pin(row.digest);
        const pushed = await asProblem('push', () =>
          pushImage(this.engine.images, target, {
            source: ImageStoreNames.pinName(row.digest),
            credentials,
            insecure: request.insecure ? [parsed.registry] : [],
            onProgress,
            dispatcher,
          }).catch((error: unknown) => {
            throw HostAccessService.registryFailure(error, 'target');
          }),
        );
        this.events.record({ teamId, type: 'image', action: 'push', actorId: row.digest, attributes: { name: familiar(pushed.reference) } });
        return { reference: familiar(pushed.reference), digest: pushed.digest, uploaded: pushed.uploaded, skipped: pushed.skipped };
      }),
    );
  }

  /** `docker push NAME` pushes to NAME; an id or digest says nothing about where to. */
  private defaultTarget(names: string[], reference: string): string {
    try {
      const name = canonicalName(reference);
      if (names.includes(name) && isTagName(name)) return name;
    } catch {
      // An id prefix is not a name: fall through.
    }
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'TARGET_REQUIRED',
      `${reference} is not one of the image's tags; say where to push it with "target", like 127.0.0.1:5000/app:1`,
    );
  }
}

/** Runs the transfer, then closes the dispatcher that opened its connections (idle keep-alive sockets included). */
async function closing<T>(dispatcher: Dispatcher | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    await dispatcher?.close().catch(() => undefined);
  }
}

function platformOf(text: string): Platform {
  try {
    return parsePlatform(text);
  } catch (error) {
    throw imageProblem(error, 'pull');
  }
}
