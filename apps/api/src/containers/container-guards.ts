import { HttpStatus } from '@nestjs/common';
import { canDo, statusesFor, type ContainerAction, type ContainerStatus } from '@berth/runtime/model';
import { ProblemException } from '../http/problem.js';

interface Named {
  name: string;
  status: ContainerStatus;
}

/**
 * Running or paused: its processes exist. What Docker calls running for kill, stop, top and
 * stats; the runtime's machine also lets a `created` container be killed, but an API
 * container in `created` has not run its command yet, and Docker answers 409 there too.
 */
export function isLive(status: ContainerStatus): boolean {
  return canDo('pause', status) || canDo('resume', status);
}

/** 409 INVALID_STATUS unless the runtime's status machine allows the action now. */
export function requireStatusFor(action: ContainerAction, row: Named, verb: string = action): void {
  if (canDo(action, row.status)) return;
  throw new ProblemException(
    HttpStatus.CONFLICT,
    'INVALID_STATUS',
    `container ${row.name} is ${row.status}; only a ${statusesFor(action).join(' or ')} container can be ${verb}`,
  );
}

export function notRunning(row: Named): ProblemException {
  return new ProblemException(HttpStatus.CONFLICT, 'CONTAINER_NOT_RUNNING', `container ${row.name} is ${row.status}, not running`);
}

export function nameInUse(name: string): ProblemException {
  return new ProblemException(
    HttpStatus.CONFLICT,
    'NAME_IN_USE',
    `the container name ${name} is already in use in this team; remove that container or pick another name`,
  );
}
