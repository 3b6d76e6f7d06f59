/**
 * The environment variables Berth reads: an interface people script against (README's
 * configuration table, docker-compose.yml, the Dockerfile). Tests keep those in step
 * with this list.
 */
export const CONFIG_ENV = {
  host: 'BERTH_HOST',
  port: 'BERTH_PORT',
  root: 'BERTH_ROOT',
  databaseUrl: 'DATABASE_URL',
  adminToken: 'BERTH_ADMIN_TOKEN',
  logLevel: 'BERTH_LOG_LEVEL',
  consoleDir: 'BERTH_CONSOLE_DIR',
  networkPool: 'BERTH_NETWORK_POOL',
  maxUploadSize: 'BERTH_MAX_UPLOAD_SIZE',
  seedImages: 'BERTH_SEED_IMAGES',
  pidsLimit: 'BERTH_PIDS_LIMIT',
  buildStepTimeout: 'BERTH_BUILD_STEP_TIMEOUT',
  teamMaxContainers: 'BERTH_TEAM_MAX_CONTAINERS',
  teamMaxMemory: 'BERTH_TEAM_MAX_MEMORY',
  teamMaxImageStorage: 'BERTH_TEAM_MAX_IMAGE_STORAGE',
  teamMaxVolumeStorage: 'BERTH_TEAM_MAX_VOLUME_STORAGE',
  registryAllow: 'BERTH_REGISTRY_ALLOW',
  dockerSocket: 'BERTH_DOCKER_SOCKET',
  dockerPort: 'BERTH_DOCKER_PORT',
  dockerSocketUser: 'BERTH_DOCKER_SOCKET_USER',
  dockerSocketTeam: 'BERTH_DOCKER_SOCKET_TEAM',
} as const;

export type ConfigEnvName = (typeof CONFIG_ENV)[keyof typeof CONFIG_ENV];

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;
/** Where the Docker Engine API listens unless BERTH_DOCKER_SOCKET says otherwise (`off` turns it off). */
export const DEFAULT_DOCKER_SOCKET = '/run/berth/docker.sock';
