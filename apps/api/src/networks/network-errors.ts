import { HttpStatus } from '@nestjs/common';
import { RuntimeError } from '@berth/runtime/model';
import { ProblemException } from '../http/problem.js';
import { runtimeProblem } from '../http/runtime-errors.js';

/** Codes of the network primitives that are the caller's to fix, and their status. */
const STATUS: Record<string, HttpStatus> = {
  PORT_IN_USE: HttpStatus.CONFLICT,
  SUBNET_OVERLAP: HttpStatus.CONFLICT,
  SUBNET_FULL: HttpStatus.CONFLICT,
  BRIDGE_CONFLICT: HttpStatus.CONFLICT,
  INTERNAL_NETWORK: HttpStatus.BAD_REQUEST,
};

/** A network primitive's failure as a problem; anything else passes unchanged. */
export function networkProblem(error: unknown, detailPrefix = ''): unknown {
  if (!(error instanceof RuntimeError)) return error;
  const status = STATUS[error.code];
  if (status !== undefined) return new ProblemException(status, error.code, `${detailPrefix}${error.message}`);
  const problem = runtimeProblem(error);
  return problem.getStatus() === HttpStatus.INTERNAL_SERVER_ERROR ? error : problem;
}

export function networkNotFound(name: string): ProblemException {
  return new ProblemException(HttpStatus.NOT_FOUND, 'NETWORK_NOT_FOUND', `no such network: ${name}; list them with GET /api/v1/networks`);
}
