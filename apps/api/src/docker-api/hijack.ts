import type { IncomingMessage } from 'node:http';
import { Logger } from '@nestjs/common';
import type { Duplex } from 'node:stream';
import type { AttachSession, ExecSession } from '../engine/runtime-adapter.js';
import type { Principal } from '../auth/principal.js';
import type { AuditService } from '../audit/audit.service.js';
import { connectionAuditEntry } from '../audit/connection-audit-entry.js';
import { startExec, type ExecDependencies } from './exec-start.js';
import { DockerError, dockerErrorOf } from './docker-errors.js';
import type { DockerIdentity, DockerListenerKind } from './docker-identity.service.js';
import { splitVersion } from './docker-versions.js';
import { frame, MULTIPLEXED_STREAM, RAW_STREAM } from './stream-frames.js';

export interface HijackDependencies extends ExecDependencies {
  identity: DockerIdentity;
  audit: AuditService;
}

type HijackTarget = { kind: 'attach' | 'exec'; id: string; query: URLSearchParams };

const logger = new Logger('DockerHijack');
/** An exec start body is a few dozen bytes of JSON. */
const MAX_START_BODY = 64 * 1024;

/** The hijacked calls: the HTTP connection becomes the container's (or exec's) stdio after a 101. */
export function hijackedTarget(url: string): HijackTarget | undefined {
  const { url: path } = splitVersion(url);
  const parsed = new URL(path, 'http://docker');
  const attach = /^\/containers\/([^/]+)\/attach$/.exec(parsed.pathname);
  if (attach) return { kind: 'attach', id: decodeURIComponent(attach[1]!), query: parsed.searchParams };
  const exec = /^\/exec\/([^/]+)\/start$/.exec(parsed.pathname);
  return exec ? { kind: 'exec', id: decodeURIComponent(exec[1]!), query: parsed.searchParams } : undefined;
}

/** Serves a hijacked call; refusals go out as ordinary HTTP answers before any 101. */
export function serveHijacked(request: IncomingMessage, socket: Duplex, head: Buffer, via: DockerListenerKind, deps: HijackDependencies): Promise<void> {
  const target = hijackedTarget(request.url ?? '')!;
  return target.kind === 'attach' ? attachHijacked(request, socket, head, via, deps, target) : execHijacked(request, socket, head, via, deps, target);
}

/**
 * `POST /containers/{id}/attach` with `Upgrade: tcp`: what `docker run` and `docker attach`
 * open before the container starts. Everything that can refuse does so before the 101
 * (as a normal HTTP answer); after it, the socket carries the container's output — framed
 * without a TTY, raw with one — and the client's input, whose end (a half-close) ends stdin.
 */
async function attachHijacked(
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  via: DockerListenerKind,
  deps: HijackDependencies,
  target: HijackTarget,
): Promise<void> {
  let principal: Principal | undefined;
  const audit = (status: number, errorCode: string | null) =>
    deps.audit.record(
      connectionAuditEntry({
        request,
        principal,
        action: target.kind === 'attach' ? 'docker.containers.attach' : 'docker.exec.start',
        target: target.id,
        status,
        errorCode,
      }),
    );
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
    session = await deps.runtime.attach(row.id, (stream, data) => {
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
  upgrade(socket, tty);
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

/**
 * `POST /exec/{id}/start` with `Upgrade: tcp` (`docker exec`, Compose's `exec`): the body
 * (`{"Detach": false, "Tty": …, "ConsoleSize": [h, w]}`) is read off the socket first; what
 * follows it is the exec's stdin. Hanging up ends the process, as closing a terminal does.
 */
async function execHijacked(
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  via: DockerListenerKind,
  deps: HijackDependencies,
  target: HijackTarget,
): Promise<void> {
  let principal: Principal | undefined;
  const audit = (status: number, errorCode: string | null) =>
    deps.audit.record(
      connectionAuditEntry({
        request,
        principal,
        action: target.kind === 'attach' ? 'docker.containers.attach' : 'docker.exec.start',
        target: target.id,
        status,
        errorCode,
      }),
    );
  const pending: Buffer[] = [];
  let upgraded = false;
  let session: ExecSession;
  let tty = false;
  let stdin: Buffer;
  try {
    const { body, rest } = await readBody(socket, head, Number(request.headers['content-length'] ?? 0));
    stdin = rest;
    const start = parseStartBody(body);
    principal = await deps.identity.principalOf(request, via);
    deps.identity.require(principal, 'operator');
    const instance = deps.execs.get(principal.teamId, target.id);
    tty = instance.config.tty;
    session = await startExec(deps, principal, instance, start.size, (stream, data) => {
      const bytes = tty ? data : frame(stream, data);
      if (upgraded) socket.write(bytes);
      else pending.push(bytes);
    });
    if (!instance.config.attachStdin) session.endInput();
  } catch (error) {
    const refusal = dockerErrorOf(error, logger);
    audit(refusal.status, /^([A-Z_]+):/.exec(refusal.message)?.[1] ?? null);
    return refuse(socket, refusal);
  }
  upgrade(socket, tty);
  upgraded = true;
  audit(101, null);
  for (const bytes of pending.splice(0)) socket.write(bytes);
  if (stdin.length) session.write(stdin);
  socket.on('data', (data: Buffer) => session.write(data));
  socket.on('end', () => session.endInput());
  // Paused while the body was read; an explicit pause outlasts new 'data' listeners.
  socket.resume();
  let exited = false;
  socket.on('close', () => {
    if (!exited) session.kill(tty ? 'SIGHUP' : 'SIGTERM');
  });
  await session.exit.catch(() => undefined);
  exited = true;
  socket.end();
}

function upgrade(socket: Duplex, tty: boolean): void {
  socket.write(`HTTP/1.1 101 UPGRADED\r\nContent-Type: ${tty ? RAW_STREAM : MULTIPLEXED_STREAM}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n`);
}

/** The request body of a hijacked call: `length` bytes from what came with the headers and after. */
function readBody(socket: Duplex, head: Buffer, length: number): Promise<{ body: Buffer; rest: Buffer }> {
  if (!Number.isSafeInteger(length) || length < 0 || length > MAX_START_BODY) return Promise.reject(new DockerError(400, 'invalid Content-Length'));
  return new Promise((resolve, reject) => {
    let received = head;
    const settle = () => {
      if (received.length < length) return false;
      socket.off('data', more);
      socket.off('end', early);
      socket.pause();
      resolve({ body: received.subarray(0, length), rest: received.subarray(length) });
      return true;
    };
    const more = (data: Buffer) => {
      received = Buffer.concat([received, data]);
      settle();
    };
    const early = () => reject(new DockerError(400, 'the request body ended early'));
    if (settle()) return;
    socket.on('data', more);
    socket.on('end', early);
  });
}

function parseStartBody(body: Buffer): { size?: { rows: number; cols: number } } {
  if (body.length === 0) return {};
  let parsed: { Detach?: boolean; ConsoleSize?: [number, number] | null };
  try {
    parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
  } catch {
    throw new DockerError(400, 'the exec start body is not JSON');
  }
  if (parsed.Detach) throw new DockerError(400, 'a detached exec start is a plain POST, without Upgrade');
  const [rows, cols] = parsed.ConsoleSize ?? [];
  return rows && cols ? { size: { rows, cols } } : {};
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
