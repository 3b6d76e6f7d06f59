import { arch, release } from 'node:os';
import type { Request, Response } from 'express';
import type { SystemInfo } from '@berth/contracts';
import { BERTH_VERSION } from '../version.js';
import type { DockerRoutes } from './docker-router.js';
import { DOCKER_API_VERSION, DOCKER_MIN_API_VERSION } from './docker-versions.js';

/** `_ping`'s headers: what a client negotiates its version and builder from. */
function pingHeaders(response: Response): void {
  response.set({
    'Api-Version': DOCKER_API_VERSION,
    Ostype: 'linux',
    'Docker-Experimental': 'false',
    // The classic builder (`DOCKER_BUILDKIT=0`): BuildKit's session protocol is not served.
    'Builder-Version': '1',
    'Cache-Control': 'no-cache, no-store, must-revalidate',
    Pragma: 'no-cache',
  });
}

export function systemRoutes(routes: DockerRoutes, info: (teamId: string) => Promise<SystemInfo>): void {
  const ping = (_request: Request, response: Response) => {
    pingHeaders(response);
    response.type('text/plain').send('OK');
  };
  // Before identity: a client pings to learn the version before it sends anything else.
  routes.open('get', '/_ping', ping);
  routes.open('head', '/_ping', ping);

  routes.add('get', '/version', 'viewer', async ({ response }) => {
    response.json(dockerVersion());
  });

  routes.add('get', '/info', 'viewer', async ({ principal, response }) => {
    response.json(dockerInfo(await info(principal.teamId)));
  });
}

export function dockerVersion() {
  const engine = {
    Version: BERTH_VERSION,
    ApiVersion: DOCKER_API_VERSION,
    MinAPIVersion: DOCKER_MIN_API_VERSION,
    GitCommit: '',
    GoVersion: `node ${process.versions.node}`,
    Os: 'linux',
    Arch: goArch(arch()),
    KernelVersion: release(),
  };
  return { Platform: { Name: 'Berth' }, Components: [{ Name: 'Engine', Version: BERTH_VERSION, Details: engine }], ...engine, BuildTime: '' };
}

/** Node's architecture names as Go's, which Docker clients print and compare. */
export function goArch(arch: string): string {
  return ({ x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64' } as Record<string, string>)[arch] ?? arch;
}

/** `GET /info` for the caller's team; `Swarm.LocalNodeState` is what the CLI insists on. */
export function dockerInfo(info: SystemInfo) {
  const missing = info.capabilities.filter((capability) => !capability.available);
  return {
    ID: info.hostname,
    Name: info.hostname,
    Containers: info.containers.total,
    ContainersRunning: info.containers.running,
    ContainersPaused: info.containers.paused,
    ContainersStopped: info.containers.stopped,
    Images: info.images,
    Driver: 'overlay',
    DriverStatus: [['Backing Filesystem', 'overlayfs']],
    Plugins: { Volume: ['local'], Network: ['bridge', 'host', 'null'], Authorization: null, Log: ['json-file'] },
    MemoryLimit: true,
    SwapLimit: true,
    CpuCfsPeriod: true,
    CpuCfsQuota: true,
    CPUShares: true,
    CPUSet: true,
    PidsLimit: true,
    IPv4Forwarding: true,
    Debug: false,
    NFd: 0,
    NGoroutines: 0,
    SystemTime: new Date().toISOString(),
    LoggingDriver: 'json-file',
    CgroupDriver: 'cgroupfs',
    CgroupVersion: info.cgroupVersion === 'v2' ? '2' : '1',
    KernelVersion: info.kernel,
    OperatingSystem: info.os,
    OSType: 'linux',
    Architecture: goArch(info.architecture),
    NCPU: info.cpus,
    MemTotal: info.memoryBytes,
    IndexServerAddress: 'https://index.docker.io/v1/',
    RegistryConfig: { IndexConfigs: {}, InsecureRegistryCIDRs: [], Mirrors: [] },
    DockerRootDir: info.stateRoot,
    HttpProxy: '',
    HttpsProxy: '',
    NoProxy: '',
    Labels: [],
    ExperimentalBuild: false,
    ServerVersion: info.version,
    Runtimes: { 'berth-runtime': { path: 'berth-runtime' } },
    DefaultRuntime: 'berth-runtime',
    Swarm: { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null },
    LiveRestoreEnabled: true,
    Isolation: '',
    InitBinary: '',
    SecurityOptions: ['name=seccomp,profile=builtin'],
    Warnings: missing.map((capability) => `WARNING: ${capability.name} is off: ${capability.install ?? 'see berth info'}`),
  };
}
