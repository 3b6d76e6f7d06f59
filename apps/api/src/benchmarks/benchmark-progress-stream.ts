import type { Response } from 'express';
import { SseWriter } from '../http/sse-writer.js';
import { PROGRESS_EVENTS, type BenchmarkJobView } from './benchmark-views.js';

/**
 * A job's progress as Server-Sent Events: the lines so far, then live ones, then `done` with the
 * finished job, after which the stream ends. Headers are sent only once the job is known to
 * exist, so an unknown id still answers a plain 404 problem.
 */
export class BenchmarkProgressStream {
  private readonly writer: SseWriter;

  constructor(response: Response) {
    this.writer = new SseWriter(response);
  }

  start(view: BenchmarkJobView, unsubscribe: () => void): void {
    this.writer.open();
    this.writer.onClose(unsubscribe);
    for (const line of view.log) void this.writer.send(PROGRESS_EVENTS.line, { line });
    if (view.state !== 'running') this.send({ kind: 'done', job: view });
  }

  send(event: { kind: 'line'; line: string } | { kind: 'done'; job: BenchmarkJobView }): void {
    if (this.writer.closed) return;
    if (event.kind === 'line') {
      void this.writer.send(PROGRESS_EVENTS.line, { line: event.line });
      return;
    }
    void this.writer.send(PROGRESS_EVENTS.done, event.job);
    this.writer.end();
  }
}
