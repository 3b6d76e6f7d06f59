import type { ProblemDetails } from '@berth/contracts';

/**
 * The one error type the console's data layer throws. It mirrors the API's problem
 * document so that views can show `code` and `detail` without knowing whether the
 * failure came from the server, the network or a malformed answer.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** The full problem document when the server sent one (e.g. for per-field `errors`). */
  readonly problem: ProblemDetails | undefined;

  constructor(
    /** Stable machine code: the server's problem `code`, or one of {@link ClientErrorCode}. */
    readonly code: string,
    /** HTTP status; 0 when no response arrived at all. */
    readonly status: number,
    /** What a person should read. */
    readonly detail: string,
    options: { problem?: ProblemDetails; cause?: unknown } = {},
  ) {
    super(`${code}: ${detail}`, { cause: options.cause });
    this.problem = options.problem;
  }
}

/** Codes the client invents itself, for failures where the server said nothing usable. */
export const ClientErrorCode = {
  /** No response: the API is down, the network is gone, or CORS/TLS refused. */
  Network: 'NETWORK',
  /** A non-2xx answer that was not a problem document (a proxy page, say). */
  Http: 'HTTP_ERROR',
  /** A 2xx answer whose body was not the JSON we asked for. */
  InvalidResponse: 'INVALID_RESPONSE',
  /** Anything else that went wrong on our side: a bug, surfaced rather than swallowed. */
  Unexpected: 'UNEXPECTED',
} as const;

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/** Lets stores keep one error shape in their state, whatever was thrown. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ApiError(ClientErrorCode.Unexpected, 0, detail, { cause: error });
}
