import { PROBLEM_CONTENT_TYPE, isProblemDetails } from '@berth/contracts';
import { ApiError, ClientErrorCode } from './api-error';

export { ApiError, ClientErrorCode, isApiError, toApiError } from './api-error';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** Serialised as JSON. */
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
  /**
   * Non-2xx statuses whose JSON body is a regular answer rather than a failure.
   * `/readyz` needs this: its 503 carries the very checks the dashboard shows.
   * A problem document is still thrown whatever its status.
   */
  acceptStatuses?: readonly number[];
}

export interface ApiClientOptions {
  /** Prefix for every path; empty means same origin, which is how the console is served. */
  baseUrl?: string;
  /** Injected for tests and non-browser hosts; defaults to the global fetch at call time. */
  fetch?: typeof fetch;
}

export interface ApiClient {
  request<T>(method: HttpMethod, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, options?: Omit<RequestOptions, 'body'>): Promise<T>;
  post<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T>;
  put<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T>;
  patch<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T>;
  delete<T = void>(path: string, options?: Omit<RequestOptions, 'body'>): Promise<T>;
}

const JSON_CONTENT_TYPE = 'application/json';

export function createApiClient(clientOptions: ApiClientOptions = {}): ApiClient {
  const baseUrl = clientOptions.baseUrl ?? '';
  // Looked up per call, not captured: tests stub the global after this module loads, and
  // calling a detached `fetch` reference throws "Illegal invocation" in browsers.
  const doFetch: typeof fetch = clientOptions.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: `${JSON_CONTENT_TYPE}, ${PROBLEM_CONTENT_TYPE}` };
    const init: RequestInit = { method, headers, signal: options.signal };
    if (options.body !== undefined) {
      headers['Content-Type'] = JSON_CONTENT_TYPE;
      init.body = JSON.stringify(options.body);
    }

    let response: Response;
    try {
      response = await doFetch(baseUrl + path + queryString(options.query), init);
    } catch (error) {
      // A caller that aborted wants the abort, not an error panel.
      if (options.signal?.aborted) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new ApiError(ClientErrorCode.Network, 0, `Could not reach the Berth API (${reason}).`, { cause: error });
    }

    const mediaType = mediaTypeOf(response);
    // An accepted non-2xx status only counts when it carries JSON; anything else is a failure.
    const accepted = response.ok || (mediaType === JSON_CONTENT_TYPE && (options.acceptStatuses?.includes(response.status) ?? false));

    if (mediaType === PROBLEM_CONTENT_TYPE || !accepted) {
      throw await toApiError(response, mediaType);
    }
    if (response.status === 204 || response.headers.get('content-length') === '0') {
      return undefined as T;
    }
    if (mediaType !== JSON_CONTENT_TYPE) {
      // Typically an HTML page from a fallback route: the path is wrong or not proxied.
      throw new ApiError(ClientErrorCode.InvalidResponse, response.status, `Expected JSON from ${path} but got ${mediaType || 'no content type'}.`);
    }
    try {
      return (await response.json()) as T;
    } catch (error) {
      throw new ApiError(ClientErrorCode.InvalidResponse, response.status, `The answer from ${path} is not valid JSON.`, { cause: error });
    }
  }

  return {
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, body, options) => request('POST', path, { ...options, body }),
    put: (path, body, options) => request('PUT', path, { ...options, body }),
    patch: (path, body, options) => request('PATCH', path, { ...options, body }),
    delete: (path, options) => request('DELETE', path, options),
  };
}

/** The client the stores use. The console is served by the API, so paths are same-origin. */
export const apiClient: ApiClient = createApiClient();

function mediaTypeOf(response: Response): string {
  return (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

function queryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function toApiError(response: Response, mediaType: string): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  if (mediaType === PROBLEM_CONTENT_TYPE || mediaType === JSON_CONTENT_TYPE) {
    const body = safeParse(text);
    if (isProblemDetails(body)) {
      // The HTTP status is authoritative; RFC 9457 calls the body's `status` advisory.
      return new ApiError(body.code, response.status, body.detail || body.title, { problem: body });
    }
  }
  // Not a problem document: keep a short excerpt, it is often the only clue (proxy errors).
  const excerpt = text.trim().slice(0, 200);
  const statusLine = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  return new ApiError(ClientErrorCode.Http, response.status, excerpt ? `${statusLine}: ${excerpt}` : statusLine);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
