import type { Request } from 'express';
import { DockerError } from './docker-errors.js';
import { queryInteger } from './docker-query.js';
import type { DockerRoutes } from './docker-router.js';
import type { ExecConfig } from './exec-instances.js';
import { startExec, type ExecDependencies } from './exec-start.js';
import { frame, MULTIPLEXED_STREAM, RAW_STREAM } from './stream-frames.js';

interface ExecCreateBody {
  Cmd?: string[] | null;
  Env?: string[] | null;
  WorkingDir?: string;
  User?: string;
  Tty?: boolean;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  Privileged?: boolean;
}

/** `docker exec`: create, start (detached here; attached through the hijack), inspect, resize. */
export function execRoutes(routes: DockerRoutes, deps: ExecDependencies): void {
  routes.add('post', '/containers/:id/exec', 'operator', async ({ principal, request, response }) => {
    const config = execConfigOf((request.body ?? {}) as ExecCreateBody);
    const row = await deps.containers.row(principal, String(request.params['id']));
    if (row.status !== 'running') throw new DockerError(409, `Container ${row.id} is not running`);
    response.status(201).json({ Id: deps.execs.create(principal.teamId, row.id, config).id });
  });

  // Without an Upgrade header: detached (`docker exec -d`), or the output as this response's body.
  routes.add('post', '/exec/:id/start', 'operator', async ({ principal, request, response }) => {
    const instance = deps.execs.get(principal.teamId, String(request.params['id']));
    const detach = (request.body as { Detach?: boolean } | undefined)?.Detach ?? false;
    if (detach) {
      await startExec(deps, principal, instance, undefined, () => undefined);
      response.status(200).end();
      return;
    }
    response.status(200).type(instance.config.tty ? RAW_STREAM : MULTIPLEXED_STREAM);
    const session = await startExec(deps, principal, instance, undefined, (stream, data) => response.write(instance.config.tty ? data : frame(stream, data)));
    session.endInput();
    response.on('close', () => session.kill('SIGTERM'));
    await session.exit.catch(() => undefined);
    response.end();
  });

  routes.add('get', '/exec/:id/json', 'viewer', async ({ principal, request, response }) => {
    const instance = deps.execs.get(principal.teamId, String(request.params['id']));
    const [entrypoint = '', ...args] = instance.config.cmd;
    response.json({
      ID: instance.id,
      Running: instance.running,
      ExitCode: instance.exitCode,
      ProcessConfig: { tty: instance.config.tty, entrypoint, arguments: args, privileged: false, user: instance.config.user ?? '' },
      OpenStdin: instance.config.attachStdin,
      OpenStdout: instance.config.attachStdout,
      OpenStderr: instance.config.attachStderr,
      CanRemove: false,
      ContainerID: instance.containerId,
      DetachKeys: '',
      Pid: instance.pid,
    });
  });

  routes.add('post', '/exec/:id/resize', 'operator', async ({ principal, request, response }) => {
    const instance = deps.execs.get(principal.teamId, String(request.params['id']));
    const size = sizeOf(request);
    if (!instance.session) throw new DockerError(409, `exec ${instance.id} is not running`);
    if (instance.config.tty && size) instance.session.resize(size.rows, size.cols);
    response.status(200).end();
  });
}

export function execConfigOf(body: ExecCreateBody): ExecConfig {
  if (!Array.isArray(body.Cmd) || body.Cmd.length === 0 || !body.Cmd.every((part) => typeof part === 'string')) {
    throw new DockerError(400, 'No exec command specified');
  }
  if (body.Privileged) throw new DockerError(400, "NOT_SUPPORTED: privileged exec (the exec gets the container's own privileges)");
  return {
    cmd: body.Cmd,
    env: body.Env?.length ? body.Env : undefined,
    workingDir: body.WorkingDir || undefined,
    user: body.User || undefined,
    tty: body.Tty ?? false,
    attachStdin: body.AttachStdin ?? false,
    attachStdout: body.AttachStdout ?? false,
    attachStderr: body.AttachStderr ?? false,
  };
}

/** `?h=24&w=80`, both or neither. */
export function sizeOf(request: Request): { rows: number; cols: number } | undefined {
  const rows = queryInteger(request, 'h');
  const cols = queryInteger(request, 'w');
  if (rows === undefined || cols === undefined) return undefined;
  if (rows < 1 || cols < 1 || rows > 65535 || cols > 65535) throw new DockerError(400, `terminal size ${rows}x${cols} is out of range`);
  return { rows, cols };
}
