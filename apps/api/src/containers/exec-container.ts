import { Injectable } from '@nestjs/common';
import type { ExecRequest, ExecResultBody } from '@berth/contracts';
import { EXEC_OUTPUT_LIMIT } from '@berth/contracts';
import { canDo } from '@berth/runtime/model';
import { HostAccessService } from '../access/host-access/host-access.service.js';
import type { Principal } from '../auth/principal.js';
import { RuntimeAdapter } from '../engine/runtime-adapter.js';
import { EventsService } from '../events/events.service.js';
import { ImagesService } from '../images/images.service.js';
import { BoundedOutput } from './bounded-output.js';
import { notRunning } from './container-guards.js';
import { ContainersService } from './containers.service.js';
import { resolveImageUser } from './image-user.js';

/**
 * `docker exec` to the end: runs a command and answers its output, each stream bounded to
 * EXEC_OUTPUT_LIMIT bytes (the rest is counted and dropped: `stdoutTruncated`), so memory
 * stays constant whatever the command prints. The command is killed when the caller goes away.
 */
@Injectable()
export class ExecContainer {
  constructor(
    private readonly containers: ContainersService,
    private readonly runtime: RuntimeAdapter,
    private readonly images: ImagesService,
    private readonly events: EventsService,
    private readonly hostAccess: HostAccessService,
  ) {}

  async execute(principal: Principal, idOrName: string, request: ExecRequest, signal?: AbortSignal): Promise<ExecResultBody> {
    const row = await this.containers.row(principal, idOrName);
    this.hostAccess.checkContainerEntry(principal, row);
    if (!canDo('exec', row.status)) throw notRunning(row);
    const image = request.user !== undefined ? await this.images.prepareForRun(principal.teamId, row.image?.digest ?? row.imageRef) : undefined;
    const user = image ? resolveImageUser(request.user, image.lowerDirs) : undefined;
    const output = { stdout: new BoundedOutput(EXEC_OUTPUT_LIMIT), stderr: new BoundedOutput(EXEC_OUTPUT_LIMIT) };
    const session = await this.runtime.execSession(row.id, {
      args: request.cmd,
      env: request.env,
      cwd: request.workingDir,
      user,
      onOutput: (stream, data) => output[stream].push(data),
    });
    session.endInput();
    const abandon = () => session.kill('SIGKILL');
    signal?.addEventListener('abort', abandon, { once: true });
    const exitCode = await session.exit.finally(() => signal?.removeEventListener('abort', abandon));
    this.events.record({
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
}
