import type { Request, Response } from 'express';

/**
 * The one Server-Sent Events writer of the API: every stream (container logs and stats,
 * image pull/push/build progress, the event feed, benchmark progress) goes through it, so
 * each gets the same headers, heartbeats, back-pressure and slow-client bound.
 */
export interface SseWriterOptions {
  /** A comment this often keeps proxies and load balancers from closing an idle stream; 0 for none. */
  heartbeatMs: number;
  /**
   * A client this far behind is cut off, with the reason as a comment. Infinity for a stream
   * whose client needs its last event whatever it costs (an image operation's `done`).
   */
  maxBufferedBytes: number;
  /** Sent once at the start: how long EventSource waits before reconnecting. */
  retryMs?: number;
}

export const DEFAULT_SSE_OPTIONS: SseWriterOptions = { heartbeatMs: 15_000, maxBufferedBytes: 4 * 1024 * 1024 };

/** Whether an Accept header names `text/event-stream` (parameters and case aside). */
export function acceptsEventStream(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((type) => type.split(';')[0]!.trim().toLowerCase() === 'text/event-stream');
}

/** Whether the request asks for a stream in its Accept header. */
export function wantsEventStream(request: Request): boolean {
  return acceptsEventStream(request.headers.accept);
}

/** Whether the client asked for a stream: `Accept: text/event-stream`, or a `?follow` / `?stream` flag. */
export function wantsStream(request: Request, flag: boolean | undefined): boolean {
  return flag === true || wantsEventStream(request);
}

export class SseWriter {
  private started = false;
  private ended = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private readonly listeners: (() => void)[] = [];
  private readonly options: SseWriterOptions;

  constructor(
    private readonly response: Response,
    options: Partial<SseWriterOptions> = {},
  ) {
    this.options = { ...DEFAULT_SSE_OPTIONS, ...options };
  }

  /** Whether the headers went out: before that, a refusal can still be a plain problem answer. */
  get opened(): boolean {
    return this.started;
  }

  get closed(): boolean {
    return this.ended;
  }

  /** Sends the headers (200, no caching, no proxy buffering) and starts the heartbeat; once. */
  open(): void {
    if (this.started || this.ended) return;
    this.started = true;
    const response = this.response;
    response.status(200);
    response.set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // Proxies such as nginx would otherwise hold the events back until the end.
      'X-Accel-Buffering': 'no',
    });
    response.flushHeaders();
    this.write(`${this.options.retryMs !== undefined ? `retry: ${this.options.retryMs}\n` : ''}: connected\n\n`);
    if (this.options.heartbeatMs > 0) this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), this.options.heartbeatMs);
    response.on('close', () => this.finish());
  }

  /**
   * One event (opening the stream if need be). Resolves at once while the socket takes
   * more, else once it drained or the client left: a caller that awaits each send goes at
   * the client's pace; one that does not (live events) is bounded by `maxBufferedBytes`.
   */
  send(event: string, data: unknown, id?: string): Promise<void> {
    this.open();
    if (this.ended) return Promise.resolve();
    if (this.write(`${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)) return Promise.resolve();
    if (this.response.writableLength > this.options.maxBufferedBytes) {
      this.end('the client reads too slowly; reconnect to continue');
      return Promise.resolve();
    }
    // One wait for all senders, so live events do not pile up listeners.
    this.draining ??= new Promise<void>((resolve) => {
      const done = () => {
        this.response.off('drain', done).off('close', done);
        this.draining = undefined;
        resolve();
      };
      this.response.on('drain', done).on('close', done);
    });
    return this.draining;
  }

  /** Ends the stream; `reason` goes to the client as a comment. Idempotent. */
  end(reason?: string): void {
    if (this.ended) return;
    if (reason) this.write(`: ${reason.replace(/[\r\n]+/g, ' ')}\n\n`);
    this.finish();
    this.response.end();
  }

  /** Called once, when the stream ends for any reason (the client went away, end()). */
  onClose(listener: () => void): void {
    if (this.ended) listener();
    else this.listeners.push(listener);
  }

  private write(chunk: string): boolean {
    return !this.ended && !this.response.writableEnded && !this.response.destroyed && this.response.write(chunk);
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    for (const listener of this.listeners.splice(0)) listener();
  }
}

/**
 * Each item of `items` as one event, then `end`; a failure becomes an `error` event with its
 * code and detail. The client going away aborts `controller`, which ends the source (a log
 * follow, a stats stream), so nothing keeps running for a reader that left. The next item is
 * taken only once the client took the last one.
 */
export async function sendSse<T>(
  response: Response,
  controller: AbortController,
  items: AsyncIterable<T>,
  event: string,
  data: (item: T) => unknown,
): Promise<void> {
  const writer = new SseWriter(response);
  writer.open();
  writer.onClose(() => controller.abort());
  try {
    for await (const item of items) {
      if (controller.signal.aborted) break;
      await writer.send(event, data(item));
    }
    if (!controller.signal.aborted) await writer.send('end', {});
  } catch (error) {
    if (!controller.signal.aborted) await writer.send('error', { code: (error as { code?: string }).code ?? 'INTERNAL', detail: (error as Error).message });
  } finally {
    writer.end();
  }
}
