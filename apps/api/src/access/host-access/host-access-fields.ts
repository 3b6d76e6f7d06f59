import type {
  BuildImageQuery,
  ConnectNetworkRequest,
  CreateContainerRequest,
  CreateNetworkRequest,
  HealthcheckRequest,
  MountRequest,
  PortBindingRequest,
  PullImageRequest,
  PushImageRequest,
  ResourceRequest,
  RestartPolicy,
  UpdateContainerRequest,
} from '@berth/contracts';

/**
 * Whether a request field can reach past the caller's own containers to the host: `host`
 * fields have a rule in host-access-policy.ts that may need the admin role; `contained`
 * fields stay inside the container, its cgroup or the team's own objects.
 */
export type Reach = 'host' | 'contained';

/** Every field of T, optional or not, classified: a field added to the contract without a class is a compile error here. */
type Classified<T> = { readonly [K in keyof Required<T>]: Reach };

const RESOURCES: Classified<ResourceRequest> = {
  // Limits inside the container's own cgroup; per-team quotas bound the sum.
  memory: 'contained',
  memorySwap: 'contained',
  cpus: 'contained',
  cpuShares: 'contained',
  cpusetCpus: 'contained',
  cpusetMems: 'contained',
  // -1 lifts the default limit that keeps a fork bomb inside: admin-only (host-access-policy.ts).
  pidsLimit: 'host',
  blkioWeight: 'contained',
};

const PORT: Classified<PortBindingRequest> = {
  containerPort: 'contained',
  protocol: 'contained',
  // A host port below 1024 is one of the host's own services (ssh, dns, http).
  hostPort: 'host',
  // Only addresses of this host are accepted (port-plan.ts); which one is the team's choice.
  hostIp: 'contained',
};

const MOUNT: Classified<MountRequest> = {
  // `bind` names a host path.
  type: 'host',
  source: 'host',
  target: 'contained',
  readOnly: 'contained',
  tmpfsSize: 'contained',
};

const RESTART: Classified<RestartPolicy> = { name: 'contained', maximumRetryCount: 'contained' };

// The probe runs inside the container as its own user; the interval has a floor (healthcheckProblem).
const HEALTHCHECK: Classified<HealthcheckRequest> = {
  test: 'contained',
  intervalMs: 'contained',
  timeoutMs: 'contained',
  retries: 'contained',
  startPeriodMs: 'contained',
  startIntervalMs: 'contained',
};

const CREATE: Classified<CreateContainerRequest> = {
  image: 'contained',
  name: 'contained',
  cmd: 'contained',
  entrypoint: 'contained',
  env: 'contained',
  workingDir: 'contained',
  user: 'contained',
  hostname: 'contained',
  labels: 'contained',
  tty: 'contained',
  openStdin: 'contained',
  resources: 'contained',
  ports: 'contained',
  mounts: 'contained',
  restartPolicy: 'contained',
  autoRemove: 'contained',
  capAdd: 'host',
  // Dropping capabilities only takes power away.
  capDrop: 'contained',
  readOnlyRootfs: 'contained',
  privileged: 'host',
  network: 'host',
  networks: 'host',
  // Its fields are classified below (HEALTHCHECK).
  healthcheck: 'contained',
};

const UPDATE: Classified<UpdateContainerRequest> = { resources: 'contained', restartPolicy: 'contained' };

const NETWORK_CREATE: Classified<CreateNetworkRequest> = {
  name: 'contained',
  driver: 'contained',
  subnet: 'host',
  internal: 'contained',
  labels: 'contained',
};

const NETWORK_CONNECT: Classified<ConnectNetworkRequest> = { container: 'contained', aliases: 'contained' };

const PULL: Classified<PullImageRequest> = { reference: 'host', platform: 'contained', auth: 'contained', insecure: 'contained' };

const PUSH: Classified<PushImageRequest> = { target: 'host', auth: 'contained', insecure: 'contained' };

const BUILD: Classified<BuildImageQuery> = {
  // The builder resolves FROM in the team's own images only; it never contacts a registry.
  tag: 'contained',
  dockerfile: 'contained',
  buildArgs: 'contained',
  labels: 'contained',
  target: 'contained',
  noCache: 'contained',
};

/** Every surface that asks the host for something, with its fields as paths (`mounts[].source`, `resources.memory`). */
export const HOST_ACCESS_FIELDS: Readonly<Record<HostAccessSurface, Readonly<Record<string, Reach>>>> = {
  'containers.create': {
    ...CREATE,
    ...nested('resources', RESOURCES),
    ...nested('ports[]', PORT),
    ...nested('mounts[]', MOUNT),
    ...nested('restartPolicy', RESTART),
    ...nested('healthcheck', HEALTHCHECK),
  },
  'containers.update': { ...UPDATE, ...nested('resources', RESOURCES), ...nested('restartPolicy', RESTART) },
  'networks.create': NETWORK_CREATE,
  'networks.connect': NETWORK_CONNECT,
  'images.pull': { ...PULL, 'auth.username': 'contained', 'auth.password': 'contained' },
  'images.push': { ...PUSH, 'auth.username': 'contained', 'auth.password': 'contained' },
  'images.build': BUILD,
};

export type HostAccessSurface =
  'containers.create' | 'containers.update' | 'networks.create' | 'networks.connect' | 'images.pull' | 'images.push' | 'images.build';

function nested(prefix: string, fields: Readonly<Record<string, Reach>>): Record<string, Reach> {
  return Object.fromEntries(Object.entries(fields).map(([name, reach]) => [`${prefix}.${name}`, reach]));
}
