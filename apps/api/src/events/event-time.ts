import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../http/problem.js';

const UNIX_SECONDS = /^\d{1,12}(\.\d{1,9})?$/;
// RFC 3339: a full date and time with a zone (Z or ±hh:mm); fractions of a second allowed.
const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * `since` and `until` as `docker events` takes them: RFC 3339 or unix seconds, with an
 * optional fraction (`1700000000.5`). A value that is neither is a 400 naming the field.
 */
export function parseEventTime(field: 'since' | 'until', text: string): Date {
  const trimmed = text.trim();
  const date = UNIX_SECONDS.test(trimmed) ? new Date(Number(trimmed) * 1000) : RFC_3339.test(trimmed) ? new Date(trimmed) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'INVALID_EVENT_TIME',
      `${field}=${JSON.stringify(text)} is not a time: use RFC 3339 (2024-05-01T12:00:00Z) or unix seconds (1714564800)`,
      [{ field, message: 'must be RFC 3339 or unix seconds' }],
    );
  }
  return date;
}
