import { HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { problemOf } from '../http/problem-of.js';

/** Sends one server-sent event of a long image operation. */
export type Emit = (event: string, data: unknown) => void;

const logger = new Logger('ImageStream');

/** Whether the caller asked for progress as server-sent events. */
export function wantsEventStream(request: Request): boolean {
  return (request.headers.accept ?? '').split(',').some((type) => type.trim().split(';')[0] === 'text/event-stream');
}

/**
 * Answers a long operation (pull, push, build) as the caller asked: with
 * `Accept: text/event-stream`, as server-sent events while it runs, ending with `done` (the
 * result) or `error` (a problem document); otherwise as JSON once it is done. The stream
 * starts with the first event, so a request refused before any work began (a bad
 * reference, an unknown image) still gets its real status and a problem+json body.
 */
export async function streamOrJson<T>(request: Request, response: Response, work: (emit: Emit, streaming: boolean) => Promise<T>): Promise<void> {
  if (!wantsEventStream(request)) {
    const result = await work(() => undefined, false);
    response.status(HttpStatus.OK).json(result);
    return;
  }
  let started = false;
  const send = (event: string, data: unknown) => {
    if (!started) {
      started = true;
      response.status(HttpStatus.OK);
      response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      response.setHeader('Cache-Control', 'no-cache');
      // Proxies such as nginx would otherwise hold the events back until the end.
      response.setHeader('X-Accel-Buffering', 'no');
      response.flushHeaders();
    }
    // A client that went away gets nothing more; the operation itself runs to its end.
    if (!response.writableEnded && !response.destroyed) response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  let result: T;
  try {
    result = await work(send, true);
  } catch (error) {
    if (!started) throw error;
    // The filter can no longer answer once the stream began: the same document, as an event.
    send('error', problemOf(error, request.originalUrl ?? request.url, logger));
    response.end();
    return;
  }
  send('done', result);
  response.end();
}
