import type { Response } from 'express';
import { PROGRESS_EVENTS, type BenchmarkJobView } from './benchmark-views.js';

const HEARTBEAT_MS = 15_000;

/**
 * A job's progress as Server-Sent Events: the lines so far, then live ones, then `done` with the
 * finished job, after which the stream ends. Headers are sent only once the job is known to
 * exist, so an unknown id still answers a plain 404 problem.
 */
export class BenchmarkProgressStream {
  private heartbeat: NodeJS.Timeout | undefined;
  private ended = false;

  constructor(private readonly response: Response) {}

  start(view: BenchmarkJobView, unsubscribe: () => void): void {
    const response = this.response;
    response.status(200);
    response.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' });
    response.flushHeaders();
    response.write(': connected\n\n');
    for (const line of view.log) this.write(PROGRESS_EVENTS.line, { line });
    response.on('close', () => {
      unsubscribe();
      this.finish();
    });
    if (view.state !== 'running') return this.send({ kind: 'done', job: view });
    this.heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
  }

  send(event: { kind: 'line'; line: string } | { kind: 'done'; job: BenchmarkJobView }): void {
    if (this.ended) return;
    if (event.kind === 'line') return this.write(PROGRESS_EVENTS.line, { line: event.line });
    this.write(PROGRESS_EVENTS.done, event.job);
    this.finish();
    this.response.end();
  }

  private write(event: string, data: unknown): void {
    if (!this.ended) this.response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private finish(): void {
    this.ended = true;
    clearInterval(this.heartbeat);
  }
}
