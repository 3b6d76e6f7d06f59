import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../http/problem.js';

/** A path in a container as a caller gave it: present, one line, no NUL (the kernel would cut it). */
export function containerPath(path: unknown): string {
  if (typeof path !== 'string' || path === '' || /[\0\n]/.test(path)) {
    throw new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_PATH', 'path: give the path inside the container, e.g. ?path=/etc/hostname', undefined, 'path');
  }
  return path;
}
