import { HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { problemOf } from '../http/problem-of.js';
import { SseWriter, wantsEventStream } from '../http/sse-writer.js';

/** Sends one server-sent event of a long image operation. */
export type Emit = (event: string, data: unknown) => void;

const logger = new Logger('ImageStream');

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
  // No slow-client cut-off: the events are bounded by the operation, and the client needs its `done`.
  const writer = new SseWriter(response, { maxBufferedBytes: Infinity });
  // A client that went away gets nothing more; the operation itself runs to its end.
  const send: Emit = (event, data) => void writer.send(event, data);
  let result: T;
  try {
    result = await work(send, true);
  } catch (error) {
    if (!writer.opened) throw error;
    // The filter can no longer answer once the stream began: the same document, as an event.
    send('error', problemOf(error, request.originalUrl ?? request.url, logger));
    writer.end();
    return;
  }
  send('done', result);
  writer.end();
}
