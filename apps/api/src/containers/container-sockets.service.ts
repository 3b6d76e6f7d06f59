import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpStatus, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { PROBLEM_CONTENT_TYPE } from '@berth/contracts';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { RuntimeAdapter } from '../engine/runtime-adapter.js';
import { EventsService } from '../events/events.service.js';
import { ProblemException } from '../http/problem.js';
import { problemOf } from '../http/problem-of.js';
import { ImagesService } from '../images/images.service.js';
import { Authenticator } from '../access/authenticator.service.js';
import { HostAccessService } from '../access/host-access/host-access.service.js';
import type { Principal } from '../auth/principal.js';
import { connectionAuditEntry } from '../audit/connection-audit-entry.js';
import { AuditService } from '../audit/audit.service.js';
import type { ContainerRow } from './containers.repository.js';
import { ContainersService } from './containers.service.js';
import { resolveImageUser } from './image-user.js';
import { authorizeSocket } from './socket-access.js';
import { parseSocketRequest, STREAM_BYTE, type ClientMessage, type SocketRequest } from './socket-protocol.js';

/**
 * Interactive exec and attach over WebSocket, on the API's own HTTP server:
 * `/api/v1/containers/:id/exec/ws?cmd=sh&tty=true&rows=24&cols=80` and `…/attach/ws`.
 * Frames: binary from the client is stdin; binary to the client is output, its first byte
 * the stream (1 stdout, 2 stderr); text frames are JSON control messages
 * (socket-protocol.ts). Refusals happen before the upgrade, as problem+json answers.
 */
@Injectable()
export class ContainerSocketsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ContainerSockets');
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly containers: ContainersService,
    private readonly runtime: RuntimeAdapter,
    private readonly images: ImagesService,
    private readonly events: EventsService,
    private readonly authenticator: Authenticator,
    private readonly audit: AuditService,
    private readonly hostAccess: HostAccessService,
  ) {}

  onApplicationBootstrap(): void {
    const http = this.adapterHost.httpAdapter.getHttpServer() as import('node:http').Server;
    http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      let parsed: SocketRequest | undefined;
      try {
        parsed = parseSocketRequest(request.url ?? '');
      } catch (error) {
        return refuse(socket, error, this.logger);
      }
      if (!parsed) return; // not ours: another upgrade handler may want it
      this.accept(request, socket, head, parsed).catch((error: unknown) => refuse(socket, error, this.logger));
    });
  }

  onApplicationShutdown(): void {
    for (const client of this.server.clients) client.terminate();
    this.server.close();
  }

  private async accept(request: IncomingMessage, socket: Duplex, head: Buffer, parsed: SocketRequest): Promise<void> {
    let principal: Principal | undefined;
    // One audit record per socket: the upgrade (101) once it happens, or the refusal.
    let audited = false;
    const audit = (status: number, errorCode: string | null) => {
      if (audited) return;
      audited = true;
      this.audit.record(
        connectionAuditEntry({
          request,
          principal,
          action: parsed.kind === 'exec' ? 'containers.execSocket' : 'containers.attachSocket',
          target: parsed.container,
          status,
          errorCode,
          details: parsed.kind === 'exec' ? { cmd: parsed.cmd, tty: parsed.tty } : {},
        }),
      );
    };
    try {
      principal = await authorizeSocket(this.authenticator, request);
      const row = await this.containers.row(principal, parsed.container);
      this.hostAccess.checkContainerEntry(principal, row);
      if (row.status !== 'running' && !(parsed.kind === 'attach' && row.status === 'created')) {
        throw new ProblemException(HttpStatus.CONFLICT, 'CONTAINER_NOT_RUNNING', `container ${row.name} is ${row.status}, not running`);
      }
      const upgraded = () => audit(101, null);
      if (parsed.kind === 'exec') await this.exec(request, socket, head, parsed, principal, row, upgraded);
      else await this.attach(request, socket, head, row, upgraded);
    } catch (error) {
      const problem = problemOf(error, undefined, this.logger);
      audit(problem.status, problem.code);
      throw error;
    }
  }

  private async exec(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    parsed: Extract<SocketRequest, { kind: 'exec' }>,
    principal: Principal,
    row: ContainerRow,
    upgraded: () => void,
  ): Promise<void> {
    const user =
      parsed.user !== undefined
        ? resolveImageUser(parsed.user, (await this.images.prepareForRun(principal.teamId, row.image?.digest ?? row.imageRef)).lowerDirs)
        : undefined;
    let ws: WebSocket | undefined; // eslint-disable-line prefer-const -- assigned after the session starts, read by its callback
    const pending: Buffer[] = [];
    const send = (stream: 'stdout' | 'stderr', data: Buffer) => {
      const frame = Buffer.concat([Buffer.from([STREAM_BYTE[stream]]), data]);
      if (ws?.readyState === WebSocket.OPEN) ws.send(frame);
      else if (!ws) pending.push(frame);
    };
    // A refusal of the runtime reaches the client through problemOf, as any other error.
    const session = await this.runtime.execSession(row.id, {
      args: parsed.cmd,
      env: parsed.env,
      cwd: parsed.workingDir,
      user,
      terminal: parsed.tty,
      size: parsed.size,
      onOutput: send,
    });
    ws = await this.upgrade(request, socket, head);
    upgraded();
    for (const frame of pending.splice(0)) ws.send(frame);
    ws.on('message', (data: RawData, binary: boolean) => {
      if (binary) return session.write(toBuffer(data));
      const message = parseMessage(data);
      if (message?.type === 'resize') session.resize(message.rows, message.cols);
      else if (message?.type === 'eof') session.endInput();
      else if (message?.type === 'signal') session.kill(message.signal);
    });
    // The client leaving ends the process, as closing a terminal hangs up its shell.
    ws.on('close', () => session.kill(parsed.tty ? 'SIGHUP' : 'SIGTERM'));
    // Only now, with the handlers in place: ws drops messages that arrive while nobody listens.
    this.events.record({
      teamId: row.teamId,
      type: 'container',
      action: 'exec_start',
      actorId: row.id,
      attributes: { name: row.name, cmd: parsed.cmd.join(' '), tty: parsed.tty },
    });
    const exitCode = await session.exit.catch(() => -1);
    this.events.record({ teamId: row.teamId, type: 'container', action: 'exec_die', actorId: row.id, attributes: { name: row.name, exitCode } });
    if (ws.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify({ type: 'exit', exitCode }));
      ws.close(1000, 'exited');
    }
  }

  private async attach(request: IncomingMessage, socket: Duplex, head: Buffer, row: { id: string; name: string }, upgraded: () => void): Promise<void> {
    let ws: WebSocket | undefined; // eslint-disable-line prefer-const -- assigned after the session starts, read by its callback
    const session = await this.runtime.attach(row.id, (stream, data) => {
      if (ws?.readyState === WebSocket.OPEN) ws.send(Buffer.concat([Buffer.from([STREAM_BYTE[stream]]), data]));
    });
    ws = await this.upgrade(request, socket, head);
    upgraded();
    ws.on('message', (data: RawData, binary: boolean) => {
      if (binary) session.write(toBuffer(data));
      else if (parseMessage(data)?.type === 'eof') session.endInput();
    });
    ws.on('close', () => session.close());
    await session.closed.catch(() => undefined);
    if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'container exited');
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<WebSocket> {
    return new Promise((resolve) => this.server.handleUpgrade(request, socket, head, resolve));
  }
}

function toBuffer(data: RawData): Buffer {
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
}

function parseMessage(data: RawData): ClientMessage | undefined {
  try {
    return JSON.parse(toBuffer(data).toString('utf8')) as ClientMessage;
  } catch {
    return undefined; // not JSON: ignored, as the protocol says
  }
}

/** A refusal before the upgrade: a plain HTTP answer with a problem document, then close. */
function refuse(socket: Duplex, error: unknown, logger: Logger): void {
  const problem = problemOf(error, undefined, logger);
  const body = JSON.stringify(problem);
  socket.end(
    `HTTP/1.1 ${problem.status} ${problem.title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
