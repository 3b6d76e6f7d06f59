import { BerthApiError, BerthClient } from '@berth/contracts';

/**
 * The console's one API client. The API serves the console (and Vite proxies to it in
 * development), so every request is same-origin: an empty base URL. In a browser the
 * client's transport also carries the session cookie and CSRF header.
 */
export const berth = new BerthClient({ baseUrl: '' });

/** Codes the console adds for failures that are not the API's. */
export const CONSOLE_ERROR_CODES = {
  /** Something threw that was not a BerthApiError: a bug, surfaced rather than swallowed. */
  unexpected: 'UNEXPECTED',
} as const;

/** Lets stores keep one error shape in their state, whatever was thrown. */
export function toBerthApiError(error: unknown): BerthApiError {
  if (error instanceof BerthApiError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new BerthApiError(CONSOLE_ERROR_CODES.unexpected, 0, detail, undefined, { cause: error });
}

/** An abort the console asked for (leaving a page, stopping a stream) is not a failure to show. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
