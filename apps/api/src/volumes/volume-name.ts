import { randomBytes } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import { isValidVolumeName, VOLUME_NAME_PATTERN } from '@berth/contracts';
import { ProblemException } from '../http/problem.js';

/**
 * The name, if it may name a volume; a 400 otherwise. Every path the API builds from a
 * volume name goes through here first, so `..`, `/` and the like never reach the disk.
 */
export function checkVolumeName(name: string): string {
  if (isValidVolumeName(name)) return name;
  const shown = name.length > 40 ? `${JSON.stringify(name.slice(0, 40))}… (${name.length} characters)` : JSON.stringify(name);
  throw new ProblemException(
    HttpStatus.BAD_REQUEST,
    'INVALID_VOLUME_NAME',
    `${shown} is not a valid volume name: use 1 to 128 letters, digits, '_', '.' or '-', starting with a letter or digit (${VOLUME_NAME_PATTERN.source}), without '..'`,
  );
}

/** A name for a volume created without one: 64 hex digits, as Docker makes them. */
export function generateVolumeName(): string {
  return randomBytes(32).toString('hex');
}
