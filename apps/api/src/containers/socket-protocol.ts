import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../http/problem.js';

/** First byte of every output frame: which stream it is (Docker's attach numbering). */
export const STREAM_BYTE = { stdout: 1, stderr: 2 } as const;

/** Text frames from the client; anything else is ignored. */
export type ClientMessage = { type: 'resize'; rows: number; cols: number } | { type: 'eof' } | { type: 'signal'; signal: NodeJS.Signals };

export type SocketRequest =
  | { kind: 'exec'; container: string; cmd: string[]; tty: boolean; size?: { rows: number; cols: number }; env?: string[]; workingDir?: string; user?: string }
  | { kind: 'attach'; container: string };

const PATH = /^\/api\/v1\/containers\/([^/]+)\/(exec|attach)\/ws$/;

/** The socket request in an upgrade URL, undefined when the URL is not one of ours; bad parameters are a 400. */
export function parseSocketRequest(url: string): SocketRequest | undefined {
  const parsed = new URL(url, 'http://localhost');
  const match = PATH.exec(parsed.pathname);
  if (!match) return undefined;
  const container = decodeURIComponent(match[1]!);
  if (match[2] === 'attach') return { kind: 'attach', container };
  const query = parsed.searchParams;
  const cmd = query.getAll('cmd');
  if (cmd.length === 0) throw bad('cmd', 'give the command, one cmd parameter per argument (cmd=sh&cmd=-l)');
  const tty = flag(query.get('tty'), 'tty');
  const rows = query.get('rows');
  const cols = query.get('cols');
  const size = rows !== null || cols !== null ? { rows: dimension(rows, 'rows'), cols: dimension(cols, 'cols') } : undefined;
  const env = query.getAll('env');
  if (env.some((entry) => !/^[^=\0]+(=.*)?$/s.test(entry))) throw bad('env', 'each env entry must be KEY=value');
  const workingDir = query.get('workingDir') ?? undefined;
  if (workingDir !== undefined && !workingDir.startsWith('/')) throw bad('workingDir', 'must be an absolute path');
  return { kind: 'exec', container, cmd, tty, size, env: env.length ? env : undefined, workingDir, user: query.get('user') ?? undefined };
}

function flag(value: string | null, field: string): boolean {
  if (value === null || value === 'false' || value === '0') return false;
  if (value === '' || value === 'true' || value === '1') return true;
  throw bad(field, 'must be true or false');
}

function dimension(value: string | null, field: string): number {
  const number = Number(value);
  if (value === null || !Number.isInteger(number) || number < 1 || number > 65535)
    throw bad(field, 'must be a whole number from 1 to 65535; give rows and cols together');
  return number;
}

function bad(field: string, message: string): ProblemException {
  return new ProblemException(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', `${field}: ${message}`, [{ field, message }]);
}
