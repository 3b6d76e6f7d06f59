import type { IncomingMessage } from 'node:http';
import { Logger } from '@nestjs/common';
import type { Duplex } from 'node:stream';
import type { AttachSession } from '@berth/runtime';
import type { Principal } from '../access/principal.js';
import type { HostAccessService } from '../access/host-access/host-access.service.js';
import type { AuditService } from '../audit/audit.service.js';
import { actorOf } from '../access/principal.js';
import { runtimeId } from '../containers/container-names.js';
import type { ContainersService } from '../containers/containers.service.js';
import type { EngineService } from '../engine/engine.service.js';
import { DockerError, dockerErrorOf } from './docker-errors.js';
import type { DockerIdentity, DockerListenerKind } from './docker-identity.service.js';
import { splitVersion } from './docker-versions.js';
import { frame, MULTIPLEXED_STREAM, RAW_STREAM } from './stream-frames.js';

export interface HijackDependencies {
  identity: DockerIdentity;
  containers: ContainersService;
  engine: EngineService;
  hostAccess: HostAccessService;
  audit: AuditService;
}

const logger = new Logger('DockerAttach');

/** The hijacked calls: the HTTP connection becomes the container's stdio after a 101. */
export function hijackedTarget(url: string): { kind: 'attach'; id: string; query: URLSearchParams } | undefined {
  const { url: path } = splitVersion(url);
  const parsed = new URL(path, 'http://docker');
  const attach = /^\/containers\/([^/]+)\/attach$/.exec(parsed.pathname);
  return attach ? { kind: 'attach', id: decodeURIComponent(attach[1]!), query: parsed.searchParams } : undefined;
}

/**
 * `POST /containers/{id}/attach` with `Upgrade: tcp`: what `docker run` and `docker attach`
 * open before the container starts. Everything that can refuse does so before the 101
 * (as a normal HTTP answer); after it, the socket carries the container's output — framed
 * without a TTY, raw with one — and the client's input, whose end (a half-close) ends stdin.
 */
export async function attachHijacked(request: IncomingMessage, socket: Duplex, head: Buffer, via: DockerListenerKind, deps: HijackDependencies): Promise<void> {
  const target = hijackedTarget(request.url ?? '')!;
  let principal: Principal | undefined;
  const audit = (status: number, errorCode: string | null) => void deps.audit.record(auditEntry(request, principal, target.id, status, errorCode));
  let session: AttachSession;
  let tty = false;
  const pending: Buffer[] = [];
  let upgraded = false;
  try {
    principal = await deps.identity.principalOf(request, via);
    deps.identity.require(principal, 'operator');
    const row = await deps.containers.row(principal, target.id);
    deps.hostAccess.checkContainerEntry(principal, row);
    if (row.status === 'stopped') throw new DockerError(409, `You cannot attach to a stopped container, start it first`);
    tty = (row.config as { tty?: boolean }).tty ?? false;
    const wants = { stdout: flag(target.query, 'stdout'), stderr: flag(target.query, 'stderr') };
    session = await deps.engine.runtime.attach(runtimeId(row.id), (stream, data) => {
      if (!wants[stream]) return;
      const bytes = tty ? data : frame(stream, data);
      if (upgraded) socket.write(bytes);
      else pending.push(bytes);
    });
  } catch (error) {
    const refusal = dockerErrorOf(error, logger);
    audit(refusal.status, /^([A-Z_]+):/.exec(refusal.message)?.[1] ?? null);
    return refuse(socket, refusal);
  }
  socket.write(`HTTP/1.1 101 UPGRADED\r\nContent-Type: ${tty ? RAW_STREAM : MULTIPLEXED_STREAM}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n`);
  upgraded = true;
  audit(101, null);
  for (const bytes of pending.splice(0)) socket.write(bytes);
  if (flag(target.query, 'stdin')) {
    if (head.length) session.write(head);
    socket.on('data', (data: Buffer) => session.write(data));
    socket.on('end', () => session.endInput());
  }
  socket.on('close', () => session.close());
  socket.on('error', () => session.close());
  await session.closed.catch(() => undefined);
  socket.end();
}

function flag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value === '1' || value?.toLowerCase() === 'true';
}

/** A refusal before the upgrade: an ordinary HTTP answer in Docker's error shape, then close. */
function refuse(socket: Duplex, error: DockerError): void {
  const body = JSON.stringify({ message: error.message });
  socket.end(
    `HTTP/1.1 ${error.status} Refused\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function auditEntry(request: IncomingMessage, principal: Principal | undefined, target: string, status: number, errorCode: string | null) {
  return {
    teamId: principal?.teamId ?? null,
    userId: principal?.userId ?? null,
    tokenId: principal?.tokenId ?? null,
    sessionId: principal?.sessionId ?? null,
    actor: principal ? actorOf(principal) : null,
    action: 'docker.containers.attach',
    method: request.method ?? 'POST',
    path: (request.url ?? '').split('?')[0]!,
    target,
    status,
    outcome: status === 401 || status === 403 ? ('denied' as const) : status < 400 ? ('success' as const) : ('failure' as const),
    errorCode,
    ip: request.socket.remoteAddress ?? null,
    details: {},
  };
}
