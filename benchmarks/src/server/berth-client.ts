/**
 * JSON over HTTP to Berth's REST API with Node's own fetch (undici), whose global agent keeps
 * connections alive between requests: a sample pays for the API's work, not for a TCP handshake.
 * Only the response fields the benchmarks read are typed here (apps/api's contracts are not a
 * dependency of the benchmarks); `request` fails on any non-2xx answer with the problem's text.
 */
export class BerthClient {
  constructor(readonly api: string) {}

  async request<T = unknown>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.api}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
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
