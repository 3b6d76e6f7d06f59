import { isProblemDetails, type ProblemDetails } from '../problem.js';

/**
 * The one error the client throws. It carries the server's problem document (`code`,
 * `status`, `detail`) so that callers switch on a stable code and show the detail, whether
 * the failure came from the server, the network or a stream that broke off.
 */
export class BerthApiError extends Error {
  override readonly name = 'BerthApiError';

  constructor(
    /** The problem's `code`, or one of {@link CLIENT_ERROR_CODES} when the server said nothing usable. */
    readonly code: string,
    /** The HTTP status; 0 when no answer arrived at all. */
    readonly status: number,
    /** What a person should read. */
    readonly detail: string,
    /** The whole problem document when there was one (validation failures list their fields). */
    readonly problem?: ProblemDetails,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${detail}`, options);
  }

  /** From a problem document, trusting the HTTP status over the body's advisory one (RFC 9457). */
  static fromProblem(problem: ProblemDetails, status = problem.status): BerthApiError {
    return new BerthApiError(problem.code, status, problem.detail || problem.title, problem);
  }

  /**
   * From the `error` event of a stream: the image streams send a whole problem document, the
   * container streams `{code, detail}`; both end the operation.
   */
  static fromStreamError(data: string): BerthApiError {
    const body = parseJson(data);
    if (isProblemDetails(body)) return BerthApiError.fromProblem(body);
    const fields = (typeof body === 'object' && body !== null ? body : {}) as { code?: unknown; detail?: unknown };
    const code = typeof fields.code === 'string' ? fields.code : CLIENT_ERROR_CODES.streamFailed;
    const detail = typeof fields.detail === 'string' ? fields.detail : `the server ended the stream with an error: ${data.slice(0, 200)}`;
    return new BerthApiError(code, 0, detail);
  }
}

/** Codes the client makes up itself, for failures where no problem document arrived. */
export const CLIENT_ERROR_CODES = {
  /** No answer: the server is down, the address is wrong, or the network refused. */
  unreachable: 'UNREACHABLE',
  /** A non-2xx answer that was not a problem document (a proxy's error page, say). */
  http: 'HTTP_ERROR',
  /** A 2xx answer whose body was not what the endpoint promises. */
  invalidResponse: 'INVALID_RESPONSE',
  /** A stream closed before its last event (`end` or `done`). */
  streamInterrupted: 'STREAM_INTERRUPTED',
  /** A stream's `error` event without a code. */
  streamFailed: 'STREAM_FAILED',
} as const;

export function isBerthApiError(value: unknown): value is BerthApiError {
  return value instanceof BerthApiError;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
