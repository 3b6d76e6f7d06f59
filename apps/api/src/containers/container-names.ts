import { randomBytes, randomInt } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../http/problem.js';

/** Docker's rule for names: what `--name` accepts, and what the URL can carry. */
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

export function validateName(name: string): string {
  if (!NAME.test(name)) {
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'INVALID_NAME',
      `container name "${name}" must match ${NAME.source} (letters, digits, _ . -; at most 128)`,
      [{ field: 'name', message: 'invalid container name' }],
    );
  }
  return name;
}

const ADJECTIVES = ['brave', 'calm', 'eager', 'fond', 'keen', 'lucid', 'merry', 'quiet', 'steady', 'swift', 'tidy', 'witty'];
const HARBOURS = ['anchor', 'bollard', 'buoy', 'cleat', 'dock', 'ferry', 'hull', 'jetty', 'keel', 'mooring', 'pier', 'quay'];

/** `docker run` without --name: a readable name; the caller retries on the rare collision. */
export function generatedName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}_${HARBOURS[randomInt(HARBOURS.length)]}_${randomBytes(2).toString('hex')}`;
}

/** 64 hex digits, like Docker's ids; the runtime knows the container by the same id. */
export function newContainerId(): string {
  return randomBytes(32).toString('hex');
}
