/**
 * JSON over HTTP to Berth's REST API with Node's own fetch (undici), whose global agent keeps
 * connections alive between requests: a sample pays for the API's work, not for a TCP handshake.
 * Every request carries the server's bearer token.
 * Only the response fields the benchmarks read are typed here (apps/api's contracts are not a
 * dependency of the benchmarks); `request` fails on any non-2xx answer with the problem's text.
 */
export class BerthClient {
  constructor(
    readonly api: string,
    readonly token: string,
  ) {}

  /** The headers every request to the API carries (autocannon sends them too). */
  get authorization(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  async request<T = unknown>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const response = await this.fetch(method, path, body);
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** The raw answer, for callers that read a non-JSON body or check the status themselves. */
  fetch(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.api}${path}`, {
      method,
      headers: { ...this.authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}

export interface CreatedContainer {
  id: string;
  status: string;
}

export interface WaitResult {
  exitCode: number;
}

export interface ContainerPage {
  items: { id: string; status: string }[];
  total: number;
}
