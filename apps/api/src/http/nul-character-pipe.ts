import { HttpStatus, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ProblemException } from './problem.js';

/** Deeper than any request body the API takes; a deeper one is refused by validation anyway. */
const MAX_DEPTH = 32;

/**
 * NUL characters are refused wherever input arrives (path, query, body): no name, command,
 * label or reference can hold one, PostgreSQL refuses them in text and JSON (which made a
 * lookup of `/containers/%00` a 500), and C strings end at them.
 */
export class NulCharacterPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const where = findNul(value, metadata.data ?? metadata.type, 0);
    if (where !== undefined) throw new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_CHARACTER', `${where}: NUL characters are not allowed`);
    return value;
  }
}

function findNul(value: unknown, path: string, depth: number): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || Buffer.isBuffer(value)) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return path;
    const found = findNul(item, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
