/**
 * Every error the API returns is `application/problem+json` (RFC 9457) with a stable
 * `code`: programs switch on `code`, people read `detail`.
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  /** The one request field a refusal is about (HOST_ACCESS_DENIED: `network`, `capAdd[0]`, `subnet` …). */
  field?: string;
  /** For validation failures: one entry per offending field. */
  errors?: { field: string; message: string }[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function isProblemDetails(value: unknown): value is ProblemDetails {
  return (
    typeof value === 'object' && value !== null && typeof (value as ProblemDetails).code === 'string' && typeof (value as ProblemDetails).status === 'number'
  );
}
