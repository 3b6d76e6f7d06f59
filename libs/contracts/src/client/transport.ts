import { PROBLEM_CONTENT_TYPE, isProblemDetails } from '../problem.js';
import { CSRF_COOKIE_NAME, CSRF_HEADER_NAME } from '../access.js';
import { BerthApiError, CLIENT_ERROR_CODES } from './berth-api-error.js';
import { queryString, type Query } from './query-string.js';

export interface BerthClientOptions {
  /** Where Berth answers, e.g. `http://127.0.0.1:8080`; empty for the same origin (the console). */
  baseUrl?: string;
  /** Sent as `Authorization: Bearer …`. */
  token?: string;
  /** Injected by tests and unusual hosts; by default the global `fetch`, looked up per call. */
  fetch?: typeof fetch;
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

export interface RequestOptions {
  query?: Query;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as it is (a tar archive); a stream needs `duplex: 'half'`, which is set for it. */
  body?: RequestInit['body'];
  contentType?: string;
  /** `application/json` unless said otherwise (`text/event-stream` for a stream). */
  accept?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Non-2xx statuses whose JSON is an answer, not a failure (`/readyz` answers 503 with its checks). */
  acceptStatuses?: readonly number[];
}

/** `fetch` with the base URL, the token, and every failure turned into a {@link BerthApiError}. */
export class HttpTransport {
  readonly baseUrl: string;
  private readonly token: string | undefined;
  private readonly doFetch: typeof fetch;

  constructor(options: BerthClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
    this.token = options.token || undefined;
    // Not captured as a bare reference: browsers throw "Illegal invocation" for a detached fetch,
    // and tests stub the global after this module loads.
    this.doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** The response of a 2xx (or accepted) answer, body unread; anything else throws. */
  async send(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<Response> {
    const url = `${this.baseUrl}${path}${queryString(options.query)}`;
    let response: Response;
    try {
      response = await this.doFetch(url, this.init(method, options));
    } catch (error) {
      // A caller that aborted wants its abort back, not a network error.
      if (options.signal?.aborted) throw error;
      throw new BerthApiError(CLIENT_ERROR_CODES.unreachable, 0, `cannot reach Berth at ${this.baseUrl || 'this origin'} (${reasonOf(error)})`, undefined, {
        cause: error,
      });
    }
    const accepted = response.ok || (options.acceptStatuses?.includes(response.status) && mediaTypeOf(response) === 'application/json');
    if (!accepted || mediaTypeOf(response) === PROBLEM_CONTENT_TYPE) throw await errorOf(response, path);
    return response;
  }

  /** The parsed JSON of the answer, or undefined for 204 No Content. */
  async json<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new BerthApiError(CLIENT_ERROR_CODES.invalidResponse, response.status, `the answer from ${path} is not JSON: ${text.slice(0, 120)}`, undefined, {
        cause: error,
      });
    }
  }

  private init(method: HttpMethod, options: RequestOptions): RequestInit & { duplex?: 'half' } {
    const headers: Record<string, string> = { accept: `${options.accept ?? 'application/json'}, ${PROBLEM_CONTENT_TYPE}`, ...options.headers };
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    else if (method !== 'GET') {
      // In the console the credential is the session cookie, and changes must echo its CSRF token.
      const csrf = browserCsrfToken();
      if (csrf) headers[CSRF_HEADER_NAME.toLowerCase()] = csrf;
    }
    const init: RequestInit & { duplex?: 'half' } = { method, headers, signal: options.signal };
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(options.json);
    } else if (options.body !== undefined) {
      if (options.contentType) headers['content-type'] = options.contentType;
      init.body = options.body;
      // fetch refuses a streamed request body unless it is told the response may start first.
      if (isStream(options.body)) init.duplex = 'half';
    }
    return init;
  }
}

/** The berth_csrf cookie, when running in a page (undefined in Node). */
function browserCsrfToken(): string | undefined {
  const cookies = (globalThis as { document?: { cookie?: string } }).document?.cookie;
  if (!cookies) return undefined;
  for (const part of cookies.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === CSRF_COOKIE_NAME) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function mediaTypeOf(response: Response): string {
  return (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

async function errorOf(response: Response, path: string): Promise<BerthApiError> {
  const text = await response.text().catch(() => '');
  const body = safeParse(text);
  if (isProblemDetails(body)) return BerthApiError.fromProblem(body, response.status);
  // Not a problem document: a short excerpt is often the only clue (a proxy's page).
  const excerpt = text.trim().slice(0, 200);
  return new BerthApiError(
    CLIENT_ERROR_CODES.http,
    response.status,
    `${path} answered ${response.status} ${response.statusText}${excerpt ? `: ${excerpt}` : ''}`.trim(),
  );
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isStream(body: unknown): boolean {
  return typeof body === 'object' && body !== null && typeof (body as { getReader?: unknown }).getReader === 'function';
}

/** Node's fetch hides the reason (ECONNREFUSED …) in `cause`. */
function reasonOf(error: unknown): string {
  if (error instanceof Error && error.cause instanceof Error) return error.cause.message || (error.cause as { code?: string }).code || String(error.cause);
  return error instanceof Error ? error.message : String(error);
}
