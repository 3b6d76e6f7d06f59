import { chmodSync, chownSync, mkdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONTEXT, type AppContext } from '../app-context.js';
import { HostAccessService } from '../access/host-access/host-access.service.js';
import { AuditService } from '../audit/audit.service.js';
import { ContainersService } from '../containers/containers.service.js';
import { RuntimeAdapter } from '../engine/runtime-adapter.js';
import { EventsFeedService } from '../events/events-feed.service.js';
import { ImageArchiveService } from '../images/image-archive.service.js';
import { ImageBuildService } from '../images/image-build.service.js';
import { ImagePruneService } from '../images/image-prune.service.js';
import { ImageRegistryService } from '../images/image-registry.service.js';
import { ImagesService } from '../images/images.service.js';
import { NetworkMembershipService } from '../networks/network-membership.service.js';
import { NetworksService } from '../networks/networks.service.js';
import { SystemService } from '../system/system.service.js';
import { VolumesService } from '../volumes/volumes.service.js';
import { hijackedTarget, serveHijacked } from './hijack.js';
import { eventsRoute } from './events-route.js';
import { execRoutes } from './exec-routes.js';
import { ExecInstances } from './exec-instances.js';
import { containerArchiveRoutes } from './container-archive-routes.js';
import { containerResizeRoute } from './container-resize-route.js';
import { containerRoutes } from './container-routes.js';
import { ContainerUseCases } from './container-use-cases.js';
import { DockerIdentity, type DockerListenerKind } from './docker-identity.service.js';
import { dockerRouter } from './docker-router.js';
import { imageArchiveRoutes } from './image-archive-routes.js';
import { imageBuildRoute } from './image-build-route.js';
import { imagePruneRoute } from './image-prune-route.js';
import { imagePullRoute } from './image-pull-route.js';
import { imagePushRoute } from './image-push-route.js';
import { imageRoutes } from './image-routes.js';
import { networkRoutes } from './network-routes.js';
import { registryLoginRoute } from './registry-login-route.js';
import { RegistryLoginVerifier } from '../registry-credentials/registry-login-verifier.js';
import { volumeRoutes } from './volume-routes.js';
import { statsRoute } from './stats-route.js';
import { systemRoutes } from './system-routes.js';

/** What `listen` opened, for the start-up line. */
export interface DockerEndpoints {
  socket?: string;
  tcp?: string;
}

/**
 * The Docker Engine API's listeners: the unix socket (mode 0660, group `berth` when it
 * exists — like docker.sock and the `docker` group) and, when configured, TCP beside the
 * REST port. Both serve the same routes over the same use cases as REST.
 */
@Injectable()
export class DockerListener implements OnApplicationShutdown {
  private readonly logger = new Logger('DockerApi');
  private readonly servers: Server[] = [];
  private readonly hijacked = new Set<Duplex>();
  private readonly execs = new ExecInstances();
  private socketPath: string | undefined;

  constructor(
    @Inject(APP_CONTEXT) private readonly context: AppContext,
    private readonly identity: DockerIdentity,
    private readonly containers: ContainersService,
    private readonly images: ImagesService,
    private readonly registry: ImageRegistryService,
    private readonly builds: ImageBuildService,
    private readonly archives: ImageArchiveService,
    private readonly pruner: ImagePruneService,
    private readonly networks: NetworksService,
    private readonly membership: NetworkMembershipService,
    private readonly volumes: VolumesService,
    private readonly feed: EventsFeedService,
    private readonly system: SystemService,
    private readonly runtime: RuntimeAdapter,
    private readonly useCases: ContainerUseCases,
    private readonly hostAccess: HostAccessService,
    private readonly audit: AuditService,
    private readonly logins: RegistryLoginVerifier,
  ) {}

  async listen(): Promise<DockerEndpoints> {
    const { socket, port } = this.context.config.dockerApi;
    const endpoints: DockerEndpoints = {};
    if (socket && (await this.claimSocketPath(socket))) {
      await this.open('socket', (server) => server.listen(socket));
      this.socketPath = socket;
      restrictSocket(socket);
      endpoints.socket = socket;
    }
    if (port !== undefined) {
      await this.open('tcp', (server) => server.listen(port, this.context.config.host));
      endpoints.tcp = `${this.context.config.host}:${port}`;
    }
    return endpoints;
  }

  async onApplicationShutdown(): Promise<void> {
    const closed = Promise.all(this.servers.map((server) => new Promise((resolve) => server.close(resolve))));
    // Waits and follows would hold the servers open; hijacked sockets left the server's books at the 101.
    for (const server of this.servers) server.closeAllConnections();
    for (const socket of this.hijacked) socket.destroy();
    await closed;
    // Only ours: a socket path this server never listened on belongs to someone else. Node
    // removes the socket file of a unix server it closes, so it is usually gone already.
    if (this.socketPath) rmSync(this.socketPath, { force: true });
  }

  private open(via: DockerListenerKind, listen: (server: Server) => void): Promise<void> {
    const app = dockerRouter(via, this.identity, this.audit, (routes) => {
      systemRoutes(routes, (teamId) => this.system.info(teamId));
      containerRoutes(routes, this.useCases);
      containerArchiveRoutes(routes, this.useCases);
      statsRoute(routes, this.containers);
      containerResizeRoute(routes, this.containers, this.runtime);
      imageRoutes(routes, this.images);
      imagePullRoute(routes, this.registry);
      imagePushRoute(routes, this.registry);
      registryLoginRoute(routes, this.logins);
      imageBuildRoute(routes, this.builds);
      imageArchiveRoutes(routes, this.archives);
      imagePruneRoute(routes, this.pruner);
      execRoutes(routes, this.execDependencies());
      networkRoutes(routes, this.networks, this.membership);
      volumeRoutes(routes, this.volumes);
      eventsRoute(routes, this.feed);
    });
    const server = createServer(app);
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(request, socket, head, via));
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.once('listening', () => {
        server.off('error', reject);
        resolve();
      });
      listen(server);
    });
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, via: DockerListenerKind): void {
    if (!hijackedTarget(request.url ?? '')) {
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"message":"this call cannot be upgraded"}');
      return;
    }
    this.hijacked.add(socket);
    socket.once('close', () => this.hijacked.delete(socket));
    serveHijacked(request, socket, head, via, { ...this.execDependencies(), identity: this.identity, audit: this.audit }).catch((error: unknown) => {
      this.logger.error(`${request.url ?? ''}: ${(error as Error).message}`);
      socket.destroy();
    });
  }

  private execDependencies() {
    return { containers: this.containers, images: this.images, runtime: this.runtime, hostAccess: this.hostAccess, execs: this.execs };
  }

  /** A socket file left by a crash is taken over; one another live server answers on is not. */
  private async claimSocketPath(path: string): Promise<boolean> {
    mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
    const live = await new Promise<boolean>((resolve) => {
      const probe = connect(path);
      probe.once('connect', () => {
        probe.destroy();
        resolve(true);
      });
      probe.once('error', () => resolve(false));
    });
    if (live) {
      this.logger.warn(`${path} is served by another process: the Docker API socket is not opened (set BERTH_DOCKER_SOCKET to another path)`);
      return false;
    }
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return true;
  }
}

/** Root and the `berth` group only: whoever can open the socket acts as its configured identity. */
function restrictSocket(path: string): void {
  chmodSync(path, 0o660);
  const gid = groupId('berth');
  if (gid !== undefined) chownSync(path, 0, gid);
}

function groupId(name: string): number | undefined {
  const line = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${name}:`));
  return line ? Number(line.split(':')[2]) : undefined;
}
