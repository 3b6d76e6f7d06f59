import type { Response } from 'express';
import type { BerthEvent } from '@berth/contracts';
import { SseWriter, type SseWriterOptions } from '../http/sse-writer.js';
import type { EventSink } from './event-sink.js';

/** How long EventSource waits before reconnecting. */
const RETRY_MS = 3000;

/**
 * The event feed as Server-Sent Events: `id:` the event id (so EventSource resumes with
 * Last-Event-ID), `event:` its type, `data:` the JSON. A client cut off for reading too
 * slowly reconnects with Last-Event-ID and misses nothing.
 */
export class SseSink implements EventSink {
  private readonly writer: SseWriter;

  constructor(response: Response, options: Partial<SseWriterOptions> = {}) {
    this.writer = new SseWriter(response, { retryMs: RETRY_MS, ...options });
    this.writer.open();
  }

  get closed(): boolean {
    return this.writer.closed;
  }

  send(event: BerthEvent): Promise<void> {
    return this.writer.send(event.type, event, event.id);
  }

  notice(name: string, data: unknown): void {
    void this.writer.send(name, data);
  }

  end(reason?: string): void {
    this.writer.end(reason);
  }

  onClose(listener: () => void): void {
    this.writer.onClose(listener);
  }
}
