import { request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

/**
 * The CLI's `fetch`: JSON calls and event streams over `http:` go through node:http,
 * everything else (https, streamed request bodies, archives) through the global fetch.
 * Node's global fetch is undici, whose first use compiles about 35 ms of JavaScript and
 * WebAssembly (75 ms on a busy host) — a third of what `berth ps` may cost in all, and
 * paid again by every `berth run` that follows a log — while node:http is already part
 * of Node's snapshot.
 */
export const plainFetch: typeof fetch = (input, init) => {
  // Never `instanceof Request` or `Headers`: naming those globals is what loads undici.
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  const answer = plainAnswerFor(url, init);
  return answer ? send(url, init ?? {}, answer) : globalThis.fetch(input, init);
};

type PlainAnswer = 'buffered' | 'streamed';

function plainAnswerFor(url: URL, init: RequestInit | undefined): PlainAnswer | undefined {
  if (url.protocol !== 'http:' || !(init?.body === undefined || typeof init.body === 'string')) return undefined;
  const accept = headerOf(init?.headers, 'accept') ?? '';
  if (accept.startsWith('application/json')) return 'buffered';
  if (accept.startsWith('text/event-stream')) return 'streamed';
  return undefined;
}

function headerOf(headers: RequestInit['headers'], name: string): string | undefined {
  if (!headers || Array.isArray(headers) || typeof (headers as { get?: unknown }).get === 'function') return undefined;
  return (headers as Record<string, string>)[name];
}

/** A buffered answer resolves once its body is read; a streamed one as soon as its headers arrive. */
function send(url: URL, init: RequestInit, answer: PlainAnswer): Promise<Response> {
  return new Promise((resolve, reject) => {
    const body = init.body as string | undefined;
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const outgoing = request(url, { method: init.method ?? 'GET', headers, signal: init.signal ?? undefined }, (incoming) => {
      const respond = (content: string | IncomingMessage) =>
        resolve(new PlainResponse(incoming.statusCode ?? 0, incoming.statusMessage ?? '', incoming.headers, content) as unknown as Response);
      if (answer === 'streamed') return respond(incoming);
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () => respond(Buffer.concat(chunks).toString('utf8')));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The part of a fetch Response the client reads: a buffered JSON answer, or an event stream as it arrives. */
export class PlainResponse {
  readonly headers: { get(name: string): string | null };
  private stream: ReadableStream<Uint8Array> | undefined;

  constructor(
    readonly status: number,
    readonly statusText: string,
    incoming: IncomingHttpHeaders,
    private readonly content: string | IncomingMessage,
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

  /** A streamed answer's bytes; cancelling the reader closes the connection. Buffered answers have none. */
  get body(): ReadableStream<Uint8Array> | null {
    if (typeof this.content === 'string') return null;
    this.stream ??= Readable.toWeb(this.content) as ReadableStream<Uint8Array>;
    return this.stream;
  }

  async text(): Promise<string> {
    if (typeof this.content === 'string') return this.content;
    const chunks: Buffer[] = [];
    for await (const chunk of this.content) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}
