import type { Response } from 'express';
import type { BerthEvent } from '@berth/contracts';
import type { EventSink } from './event-sink.js';

export interface SseOptions {
  /** A comment this often keeps proxies and load balancers from closing an idle stream. */
  heartbeatMs: number;
  /** A client this far behind is cut off; it reconnects with Last-Event-ID and misses nothing. */
  maxBufferedBytes: number;
}

const DEFAULT_OPTIONS: SseOptions = { heartbeatMs: 15_000, maxBufferedBytes: 4 * 1024 * 1024 };
/** How long EventSource waits before reconnecting. */
const RETRY_MS = 3000;

/** Events as Server-Sent Events on an HTTP response: `id:` the event id, `event:` its type, `data:` the JSON. */
export class SseSink implements EventSink {
  private ended = false;
  private readonly listeners: (() => void)[] = [];
  private readonly heartbeat: NodeJS.Timeout;
  private draining: Promise<void> | undefined;

  constructor(
    private readonly response: Response,
    private readonly options: SseOptions = DEFAULT_OPTIONS,
  ) {
    response.status(200);
    response.set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    response.flushHeaders();
    this.write(`retry: ${RETRY_MS}\n: connected\n\n`);
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), options.heartbeatMs);
    response.on('close', () => this.finish());
  }

  get closed(): boolean {
    return this.ended;
  }

  async send(event: BerthEvent): Promise<void> {
    if (this.ended) return;
    if (this.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`)) return;
    if (this.response.writableLength > this.options.maxBufferedBytes) {
      this.end('the client reads too slowly; reconnect with Last-Event-ID to continue');
      return;
    }
    // One wait for all senders: live events do not await, and must not pile up listeners.
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

  notice(name: string, data: unknown): void {
    this.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  end(reason?: string): void {
    if (this.ended) return;
    if (reason) this.write(`: ${reason.replaceAll('\n', ' ')}\n\n`);
    this.finish();
    this.response.end();
  }

  onClose(listener: () => void): void {
    if (this.ended) listener();
    else this.listeners.push(listener);
  }

  private write(chunk: string): boolean {
    return !this.ended && !this.response.writableEnded && this.response.write(chunk);
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    for (const listener of this.listeners.splice(0)) listener();
  }
}
