import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { type ProblemDetails } from '@berth/contracts';
import type { Request, Response } from 'express';
import { codeForStatus } from '../http/problem.js';

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
    send('error', problemOf(error, request.originalUrl ?? request.url));
    response.end();
    return;
  }
  send('done', result);
  response.end();
}

/**
 * The problem document of an error met after the stream began, when the problem filter can no
 * longer answer: the same shape it writes (http/problem-details.filter.ts), and the same
 * rule that unexpected errors are logged and never shown.
 */
export function problemOf(error: unknown, instance: string): ProblemDetails {
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    return {
      type: 'about:blank',
      title: typeof HttpStatus[status] === 'string' ? titleCase(HttpStatus[status]) : 'Error',
      status,
      detail: typeof fields['detail'] === 'string' ? fields['detail'] : error.message,
      code: typeof fields['code'] === 'string' ? fields['code'] : codeForStatus(status),
      instance,
    };
  }
  logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return {
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    detail: 'an unexpected error occurred; the server log has the details',
    code: 'INTERNAL',
    instance,
  };
}

/** `NOT_FOUND` → `Not Found`, as the problem filter titles its documents. */
function titleCase(constant: string): string {
  return constant
    .toLowerCase()
    .split('_')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
}
