import type { ExecSession } from '../engine/runtime-adapter.js';
import type { Principal } from '../auth/principal.js';
import type { HostAccessService } from '../access/host-access/host-access.service.js';
import type { ContainersService } from '../containers/containers.service.js';
import { resolveImageUser } from '../containers/image-user.js';
import type { RuntimeAdapter } from '../engine/runtime-adapter.js';
import type { ImagesService } from '../images/images.service.js';
import { DockerError } from './docker-errors.js';
import type { ExecInstance, ExecInstances } from './exec-instances.js';

export interface ExecDependencies {
  containers: ContainersService;
  images: ImagesService;
  runtime: RuntimeAdapter;
  hostAccess: HostAccessService;
  execs: ExecInstances;
}

/**
 * Runs an exec instance in its container: the same checks as REST's exec (the container
 * still the team's, running, and entered only as the host-access policy allows), USER
 * resolved from the image's own passwd and group files.
 */
export async function startExec(
  deps: ExecDependencies,
  principal: Principal,
  instance: ExecInstance,
  size: { rows: number; cols: number } | undefined,
  onOutput: (stream: 'stdout' | 'stderr', data: Buffer) => void,
): Promise<ExecSession> {
  const row = await deps.containers.row(principal, instance.containerId);
  deps.hostAccess.checkContainerEntry(principal, row);
  if (row.status !== 'running') throw new DockerError(409, `Container ${row.id} is not running`);
  const { config } = instance;
  const user = config.user
    ? resolveImageUser(config.user, (await deps.images.prepareForRun(principal.teamId, row.image?.digest ?? row.imageRef)).lowerDirs)
    : undefined;
  const session = await deps.runtime.execSession(row.id, {
    args: config.cmd,
    env: config.env,
    cwd: config.workingDir,
    user,
    terminal: config.tty,
    size: config.tty ? size : undefined,
    onOutput: (stream, data) => {
      if (stream === 'stdout' ? config.attachStdout : config.attachStderr) onOutput(stream, data);
    },
  });
  deps.execs.started(instance, session);
  return session;
}
