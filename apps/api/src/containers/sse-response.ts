import type { Request, Response } from 'express';

/** Whether the client asked for a stream: `Accept: text/event-stream` or `?follow` / `?stream`. */
export function wantsStream(request: Request, flag: boolean | undefined): boolean {
  return flag === true || (request.headers.accept ?? '').includes('text/event-stream');
}

/**
 * Writes each item of `items` as one Server-Sent Event and ends the response when they end.
 * The client going away aborts `controller`, which ends the source (a log follow, a stats
 * stream), so nothing keeps running for a reader that left.
 */
export async function sendSse<T>(
  response: Response,
  controller: AbortController,
  items: AsyncIterable<T>,
  event: string,
  data: (item: T) => unknown,
): Promise<void> {
  response.status(200);
  response.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' });
  response.flushHeaders();
  response.on('close', () => controller.abort());
  try {
    for await (const item of items) {
      if (controller.signal.aborted) break;
      if (!response.write(`event: ${event}\ndata: ${JSON.stringify(data(item))}\n\n`)) {
        await new Promise<void>((resolve) => {
          response.once('drain', resolve);
          response.once('close', resolve);
        });
      }
    }
    if (!controller.signal.aborted) response.write('event: end\ndata: {}\n\n');
  } catch (error) {
    if (!controller.signal.aborted)
      response.write(`event: error\ndata: ${JSON.stringify({ code: (error as { code?: string }).code ?? 'INTERNAL', detail: (error as Error).message })}\n\n`);
  } finally {
    response.end();
  }
}
