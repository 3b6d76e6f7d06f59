import { request, type IncomingHttpHeaders } from 'node:http';

/**
 * The CLI's `fetch`: plain JSON calls over `http:` go through node:http, everything else
 * (https, streamed bodies, event streams, archives) through the global fetch. Node's global
 * fetch is undici, whose first use compiles about 35 ms of JavaScript and WebAssembly — a third
 * of what `berth ps` may cost in all — while node:http is already part of Node's snapshot.
 */
export const plainFetch: typeof fetch = (input, init) => {
  // Never `instanceof Request` or `Headers`: naming those globals is what loads undici.
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  if (!isPlainJsonCall(url, init)) return globalThis.fetch(input, init);
  return send(url, init ?? {});
};

function isPlainJsonCall(url: URL, init: RequestInit | undefined): boolean {
  const accept = headerOf(init?.headers, 'accept') ?? '';
  return url.protocol === 'http:' && (init?.body === undefined || typeof init.body === 'string') && accept.startsWith('application/json');
}

function headerOf(headers: RequestInit['headers'], name: string): string | undefined {
  if (!headers || Array.isArray(headers) || typeof (headers as { get?: unknown }).get === 'function') return undefined;
  return (headers as Record<string, string>)[name];
}

function send(url: URL, init: RequestInit): Promise<Response> {
  return new Promise((resolve, reject) => {
    const body = init.body as string | undefined;
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const outgoing = request(url, { method: init.method ?? 'GET', headers, signal: init.signal ?? undefined }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () =>
        resolve(
          new PlainResponse(
            incoming.statusCode ?? 0,
            incoming.statusMessage ?? '',
            incoming.headers,
            Buffer.concat(chunks).toString('utf8'),
          ) as unknown as Response,
        ),
      );
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The part of a fetch Response the client reads from a buffered JSON answer. */
export class PlainResponse {
  readonly headers: { get(name: string): string | null };

  constructor(
    readonly status: number,
    readonly statusText: string,
    incoming: IncomingHttpHeaders,
    private readonly bodyText: string,
  ) {
    this.headers = {
      get: (name) => {
        const value = incoming[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? value.join(', ') : value;
      },
    };
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** Buffered answers have no stream; the client reads `body` only from calls sent to the global fetch. */
  get body(): null {
    return null;
  }

  async text(): Promise<string> {
    return this.bodyText;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.bodyText);
  }
}
