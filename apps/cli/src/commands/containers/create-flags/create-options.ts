import type { CreateContainerRequest, ResourceRequest } from '@berth/contracts';
import type { Command } from 'commander';
import type { Env } from '../../../config/client-config.js';
import { keyValues } from '../../../options/key-values.js';
import { parseInteger } from '../../../options/numbers.js';
import { repeatable } from '../../../options/repeatable.js';
import { envFlags } from './env-flag.js';
import { healthcheckOf, type HealthFlags } from './health-flags.js';
import { tmpfsFlag, volumeFlag } from './mount-flags.js';
import { publishFlag } from './port-flags.js';
import { restartFlag } from './restart-flag.js';

/** The flags `run` and `create` share, as commander hands them over. */
export interface CreateFlags extends HealthFlags {
  interactive?: boolean;
  tty?: boolean;
  env?: string[];
  publish?: string[];
  volume?: string[];
  tmpfs?: string[];
  memory?: string;
  memorySwap?: string;
  cpus?: string;
  pidsLimit?: number;
  name?: string;
  hostname?: string;
  restart?: string;
  entrypoint?: string;
  workdir?: string;
  user?: string;
  label?: string[];
  rm?: boolean;
  network?: string;
  privileged?: boolean;
  readOnly?: boolean;
  capAdd?: string[];
  capDrop?: string[];
}

export function addCreateOptions(command: Command): Command {
  return command
    .option('-i, --interactive', 'keep stdin open')
    .option('-t, --tty', 'give the container a terminal')
    .option('-e, --env <KEY=value>', 'set an environment variable (KEY alone: its value here); repeatable', repeatable)
    .option('-p, --publish <[ip:][host:]container[/proto]>', 'publish a port (host ip default 127.0.0.1, host port default a free one); repeatable', repeatable)
    .option('-v, --volume <NAME:/path[:ro]|/host:/path[:ro]>', 'mount a named volume or a host path; repeatable', repeatable)
    .option('--tmpfs </path[:size=64m]>', 'mount a tmpfs; repeatable', repeatable)
    .option('-m, --memory <size>', 'memory limit (512m, 1g)')
    .option('--memory-swap <size>', 'memory plus swap limit; -1 for unlimited swap')
    .option('--cpus <number>', 'CPU limit (1.5)')
    .option('--pids-limit <number>', 'most processes at once; -1 for unlimited', parseInteger('--pids-limit', -1))
    .option('--name <name>', 'name the container')
    .option('--hostname <name>', "the container's host name")
    .option('--restart <policy>', 'no, always, unless-stopped or on-failure[:max-retries]')
    .option('--entrypoint <command>', 'replace the image\'s ENTRYPOINT ("" clears it)')
    .option('-w, --workdir <path>', 'working directory inside the container')
    .option('-u, --user <user[:group]>', 'user to run as')
    .option('-l, --label <KEY=value>', 'set a label; repeatable', repeatable)
    .option('--rm', 'remove the container when it exits')
    .option('--network <network>', 'bridge (default), a network name, none (own loopback only) or host')
    .option('--privileged', 'all capabilities and devices')
    .option('--read-only', 'mount the root file system read-only')
    .option('--cap-add <capability>', 'add a capability; repeatable', repeatable)
    .option('--cap-drop <capability>', 'drop a capability; repeatable', repeatable)
    .option('--health-cmd <command>', 'command to run to check health (through the shell)')
    .option('--health-interval <duration>', 'time between checks (ms|s|m|h), default 30s')
    .option('--health-timeout <duration>', 'longest a check may run (ms|s|m|h), default 30s')
    .option('--health-retries <number>', 'consecutive failures that mean unhealthy, default 3', parseInteger('--health-retries'))
    .option('--health-start-period <duration>', 'time to start before failures count (ms|s|m|h), default 0s')
    .option('--health-start-interval <duration>', 'time between checks during the start period, default 5s')
    .option('--no-healthcheck', "disable the image's HEALTHCHECK");
}

/** The create request for `image` running `args`; flags not given stay unset, so the server's defaults apply. */
export function toCreateRequest(image: string, args: readonly string[], flags: CreateFlags, env: Env): CreateContainerRequest {
  const request: CreateContainerRequest = { image };
  if (args.length > 0) request.cmd = [...args];
  if (flags.entrypoint !== undefined) request.entrypoint = flags.entrypoint === '' ? [] : [flags.entrypoint];
  if (flags.env) request.env = envFlags(flags.env, env);
  if (flags.label) request.labels = keyValues('--label', flags.label, { allowBareKey: true });
  if (flags.publish) request.ports = flags.publish.map(publishFlag);
  const mounts = [...(flags.volume ?? []).map(volumeFlag), ...(flags.tmpfs ?? []).map(tmpfsFlag)];
  if (mounts.length > 0) request.mounts = mounts;
  const resources = resourcesOf(flags);
  if (resources) request.resources = resources;
  if (flags.restart !== undefined) request.restartPolicy = restartFlag(flags.restart);
  const healthcheck = healthcheckOf(flags);
  if (healthcheck) request.healthcheck = healthcheck;
  copyDefined(request, {
    name: flags.name,
    hostname: flags.hostname,
    workingDir: flags.workdir,
    user: flags.user,
    tty: flags.tty,
    openStdin: flags.interactive,
    autoRemove: flags.rm,
    network: flags.network,
    privileged: flags.privileged,
    readOnlyRootfs: flags.readOnly,
    capAdd: flags.capAdd,
    capDrop: flags.capDrop,
  });
  return request;
}

/** The limit flags shared with `update`; undefined when none was given. */
export function resourcesOf(flags: Pick<CreateFlags, 'memory' | 'memorySwap' | 'cpus' | 'pidsLimit'>): ResourceRequest | undefined {
  const resources: ResourceRequest = {};
  copyDefined(resources, { memory: flags.memory, memorySwap: flags.memorySwap, cpus: flags.cpus, pidsLimit: flags.pidsLimit });
  return Object.keys(resources).length > 0 ? resources : undefined;
}

function copyDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values)) if (value !== undefined) (target as Record<string, unknown>)[key] = value;
}
